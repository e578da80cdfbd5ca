using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Members;

public class AccountErasureTests
{
    private const string Email = "jeanne.martin@rtes.fr";
    private const string Name = "Jeanne Martinelli";
    private const string Phone = "+33 6 12 34 56 78";

    [Fact]
    public async Task AnAdminErasesTheAccountOfAPersonWhoAskedForIt()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync(Email, Roles.Editor);
        using var jeanne = await site.SignedInClientAsync(Email);
        using (var asked = await jeanne.PostFormAsync("/compte", "/compte/suppression", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        }

        var (userId, resourceId) = await GivePersonalDataAsync(site);
        var revisionsBefore = await site.WithDbAsync(db => db.ResourceRevisions.CountAsync(r => r.ResourceId == resourceId));
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        var requested = await admin.GetDocumentAsync("/admin/comptes?suppression=demandee");
        var confirmation = await admin.GetDocumentAsync($"/admin/comptes/{userId}/effacer");
        using var mistyped = await admin.PostFormAsync($"/admin/comptes/{userId}/effacer", $"/admin/comptes/{userId}/effacer", new() { ["confirmation"] = "jeanne@rtes.fr" });
        var refused = (await admin.AnswerDocumentAsync(mistyped)).MainText();
        Assert.NotNull(await site.WithDbAsync(db => db.Users.SingleOrDefaultAsync(u => u.Id == userId)));
        using var erased = await admin.PostFormAsync($"/admin/comptes/{userId}/effacer", $"/admin/comptes/{userId}/effacer", new() { ["confirmation"] = " Jeanne.Martin@RTES.fr " });
        var done = (await admin.GetDocumentAsync(erased.Headers.Location!.OriginalString)).MainText();

        // The list of requests, the confirmation step and its refusal.
        var listed = requested.QuerySelectorAll("table tbody tr").Select(tr => tr.TextContent).ToList();
        Assert.Contains(listed, row => row.Contains(Email, StringComparison.Ordinal) && row.Contains("suppression demandée le", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, row => row.Contains("admin@rtes.fr", StringComparison.Ordinal));
        Assert.Contains("les 2 révisions de ressources enregistrées", confirmation.MainText(), StringComparison.Ordinal);
        Assert.Contains("n'est pas celle du compte : rien n'a été effacé", refused, StringComparison.Ordinal);
        Assert.Equal("/admin/comptes", erased.Headers.Location!.OriginalString);
        Assert.Contains("Compte effacé", done, StringComparison.Ordinal);

        // Nothing personal anywhere in the database: every column of every table is scanned.
        Assert.Empty(ScanDatabase(site.DatabasePath, [Email, "jeanne.martin", Name, "Martinelli", Phone, userId, "pc-jeanne-42"]));

        // Revisions kept, by "Compte supprimé", shown so in the history.
        var revisions = await site.WithDbAsync(db => db.ResourceRevisions.Where(r => r.ResourceId == resourceId).ToListAsync());
        Assert.Equal(revisionsBefore, revisions.Count);
        Assert.Equal(2, revisions.Count(r => r.SavedByName == AccountErasure.ErasedAuthor && r.SavedByUserId == null));
        var history = (await admin.GetDocumentAsync($"/admin/ressources/{resourceId}/historique")).MainText();
        Assert.Contains(AccountErasure.ErasedAuthor, history, StringComparison.Ordinal);

        // Told by e-mail, in French.
        var message = await site.WaitForNewMessageAsync(Email, "Suppression de votre compte du centre de ressources du RTES", new HashSet<string>());
        Assert.Contains("Comme vous l'avez demandé, votre compte du centre de ressources du RTES (jeanne.martin@rtes.fr) est supprimé", message.TextBody, StringComparison.Ordinal);

        // No more sign-in: the open session ends, the password no longer works.
        using var openSession = await jeanne.GetAsync("/compte");
        Assert.NotEqual(HttpStatusCode.OK, openSession.StatusCode);
        using var fresh = site.CreateClient(new() { AllowAutoRedirect = false });
        using var signIn = await fresh.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = Email, ["Password"] = Accounts.Password });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);

        // The address may be invited again, as a new account.
        var again = await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync(Email, Roles.Editor, null, null, null));
        Assert.True(again.Succeeded, again.Message);
    }

    [Fact]
    public async Task AnAdminCannotEraseTheirOwnAccountNorTheLastAdmin()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var admin = await site.SignedInAdminClientAsync("seul-admin@rtes.fr");
        var adminId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "seul-admin@rtes.fr").Select(u => u.Id).SingleAsync());

        using var own = await admin.PostFormAsync($"/admin/comptes/{adminId}/effacer", $"/admin/comptes/{adminId}/effacer", new() { ["confirmation"] = "seul-admin@rtes.fr" });
        var ownMessage = (await admin.AnswerDocumentAsync(own)).MainText();
        var lastAdmin = await site.WithServiceAsync<AccountErasure, OperationResult>(e => e.EraseByEmailAsync("seul-admin@rtes.fr"));
        var unknown = await site.WithServiceAsync<AccountErasure, OperationResult>(e => e.EraseByEmailAsync("personne@rtes.fr"));

        Assert.Contains("votre propre compte", ownMessage, StringComparison.Ordinal);
        Assert.False(lastAdmin.Succeeded);
        Assert.Contains("dernier compte administrateur", lastAdmin.Message, StringComparison.Ordinal);
        Assert.False(unknown.Succeeded);
        Assert.DoesNotContain(site.MessagesTo("seul-admin@rtes.fr"), m => m.Subject!.StartsWith("Suppression", StringComparison.Ordinal));
        Assert.NotNull(await site.WithDbAsync(db => db.Users.SingleOrDefaultAsync(u => u.Id == adminId)));
    }

    [Fact]
    public async Task NothingIsErasedWhenThePersonCannotBeToldByEmail()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("injoignable@rtes.fr", Roles.Editor);
        site.Smtp.Stop();

        var result = await site.WithServiceAsync<AccountErasure, OperationResult>(e => e.EraseByEmailAsync("injoignable@rtes.fr"));

        Assert.False(result.Succeeded);
        Assert.Contains("rien n'a été effacé", result.Message, StringComparison.Ordinal);
        Assert.NotNull(await site.WithDbAsync(db => db.Users.SingleOrDefaultAsync(u => u.Email == "injoignable@rtes.fr" && u.PasswordHash != null)));
    }

    /// <summary>A name, a phone, two-factor keys, an external login, a claim, a reset link, an access request and two revisions.</summary>
    private static async Task<(string UserId, int ResourceId)> GivePersonalDataAsync(RtesWebFactory site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Data.AppDbContext>();
        var user = (await users.FindByEmailAsync(Email))!;
        user.FullName = Name;
        user.PhoneNumber = Phone;
        Assert.True((await users.UpdateAsync(user)).Succeeded);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
        await users.SetTwoFactorEnabledAsync(user, true);
        Assert.True((await users.AddLoginAsync(user, new UserLoginInfo("ProConnect", "pc-jeanne-42", "ProConnect"))).Succeeded);
        Assert.True((await users.AddClaimAsync(user, new Claim("telephone", Phone))).Succeeded);
        await scope.ServiceProvider.GetRequiredService<AccountLinkService>().CreateAsync(user, AccountLinkPurpose.PasswordReset);

        db.AccessRequests.Add(new AccessRequest { Email = "Jeanne.Martin@rtes.fr", FullName = Name, CollectivityName = "RTES", JobTitle = "Chargée de mission", Message = "Bonjour, c'est Jeanne Martinelli.", Status = AccessRequestStatus.Approved, CreatedAt = DateTime.UtcNow, UserId = user.Id });
        var resourceId = await db.Resources.OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var number = await db.ResourceRevisions.Where(r => r.ResourceId == resourceId).MaxAsync(r => (int?)r.Number) ?? 0;
        foreach (var i in new[] { 1, 2 })
        {
            // As ResourceEditorService writes them: the user id and the account's name (its address).
            db.ResourceRevisions.Add(new ResourceRevision { ResourceId = resourceId, Number = number + i, SavedAt = DateTime.UtcNow, SavedByUserId = user.Id, SavedByName = Email, ChangedFields = "Résumé", SnapshotJson = "{}" });
        }

        await db.SaveChangesAsync();
        return (user.Id, resourceId);
    }

    /// <summary>"table.column" of every value in the database file that contains one of the strings (without case).</summary>
    private static List<string> ScanDatabase(string path, string[] needles)
    {
        var hits = new List<string>();
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("AspNetUsers", tables);
        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    hits.AddRange(needles.Where(n => value.Contains(n, StringComparison.OrdinalIgnoreCase)).Select(n => $"{table}.{reader.GetName(i)} contains {n}"));
                }
            }
        }

        return hits;
    }
}
