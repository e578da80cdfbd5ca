using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Members;

public class MembersAdminTests
{
    [Theory]
    [InlineData("/admin/collectivites")]
    [InlineData("/admin/comptes")]
    [InlineData("/admin/demandes")]
    [InlineData("/admin/comptes/export.csv")]
    public async Task EditorsCannotReachMemberManagement(string url)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("editeur@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("editeur@rtes.fr");
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task AdminAddsRenewsAndDeactivatesACollectivity()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        await admin.PostFormAsync("/admin/collectivites", "/admin/collectivites", new() { ["name"] = "Département du Gers", ["kind"] = "Departement", ["siren"] = "223200011", ["memberUntil"] = "2026-12-31" });
        var duplicate = await PostAndReadAsync(admin, "/admin/collectivites", "/admin/collectivites", new() { ["name"] = "Département du Gers", ["kind"] = "Departement" });
        var badSiren = await PostAndReadAsync(admin, "/admin/collectivites", "/admin/collectivites", new() { ["name"] = "Autre", ["kind"] = "Commune", ["siren"] = "12" });
        var id = await site.WithDbAsync(db => db.Collectivities.Where(c => c.Name == "Département du Gers").Select(c => c.Id).SingleAsync());
        var soon = await admin.GetDocumentAsync("/admin/collectivites?statut=bientot");
        var renewed = await PostAndReadAsync(admin, $"/admin/collectivites/{id}", $"/admin/collectivites/{id}/renouveler", new() { ["until"] = "2027-12-31" });
        await admin.PostFormAsync($"/admin/collectivites/{id}", $"/admin/collectivites/{id}/desactiver", []);

        Assert.Contains("existe déjà", duplicate, StringComparison.Ordinal);
        Assert.Contains("SIREN compte 9 chiffres", badSiren, StringComparison.Ordinal);
        Assert.Contains("Département du Gers", soon.QuerySelector("table")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("renouvelée du 1 janvier 2027 au 31 décembre 2027", renewed, StringComparison.Ordinal);
        var saved = await site.WithDbAsync(db => db.Collectivities.Include(c => c.Memberships).SingleAsync(c => c.Id == id));
        Assert.Equal(2, saved.Memberships.Count);
        Assert.False(saved.IsActive);
        Assert.Equal(CollectivityKind.Departement, saved.Kind);
    }

    [Fact]
    public async Task AdminRecordsPastPeriodsThatAreShownAsHistory()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        var added = await PostAndReadAsync(admin, "/admin/collectivites", "/admin/collectivites", new() { ["name"] = "Ville Historique", ["kind"] = "Commune", ["memberFrom"] = "2019-01-01", ["memberUntil"] = "2019-12-31" });
        var id = await site.WithDbAsync(db => db.Collectivities.Where(c => c.Name == "Ville Historique").Select(c => c.Id).SingleAsync());
        var past = await PostAndReadAsync(admin, $"/admin/collectivites/{id}", $"/admin/collectivites/{id}/periodes", new() { ["startsOn"] = "01/01/2021", ["endsOn"] = "31/12/2021" });
        var current = await PostAndReadAsync(admin, $"/admin/collectivites/{id}", $"/admin/collectivites/{id}/periodes", new() { ["startsOn"] = "2026-01-01", ["endsOn"] = "2026-12-31" });
        var overlapping = await PostAndReadAsync(admin, $"/admin/collectivites/{id}", $"/admin/collectivites/{id}/periodes", new() { ["startsOn"] = "2021-06-01", ["endsOn"] = "2022-05-31" });
        var invalid = await PostAndReadAsync(admin, $"/admin/collectivites/{id}", $"/admin/collectivites/{id}/periodes", new() { ["startsOn"] = "hier", ["endsOn"] = "" });
        var page = await admin.GetDocumentAsync($"/admin/collectivites/{id}");
        var periods = page.QuerySelectorAll(".membership-periods li").Select(li => li.TextContent.Trim()).ToList();

        Assert.Contains("adhésion passée du 1 janvier 2019 au 31 décembre 2019 (historique, sans accès)", added, StringComparison.Ordinal);
        Assert.Contains("historique : elle ne donne pas accès", past, StringComparison.Ordinal);
        Assert.Contains("du 1 janvier 2026 au 31 décembre 2026 enregistrée.", current, StringComparison.Ordinal);
        Assert.Contains("chevauche celle du 1 janvier 2021 au 31 décembre 2021", overlapping, StringComparison.Ordinal);
        Assert.Contains("Le premier jour de la période n'est pas une date valide", invalid, StringComparison.Ordinal);
        Assert.Contains("Indiquez le dernier jour de la période", invalid, StringComparison.Ordinal);
        Assert.Equal(
            ["du 1 janvier 2026 au 31 décembre 2026 – en cours", "du 1 janvier 2021 au 31 décembre 2021 – terminée (historique)", "du 1 janvier 2019 au 31 décembre 2019 – terminée (historique)"],
            periods);
        Assert.Contains("À jour jusqu'au 31 décembre 2026", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminInvitesChangesRolesAndDeactivatesAccounts()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("Ville Admin", new DateOnly(2099, 1, 1));
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        var collectivityId = await site.WithDbAsync(db => db.Collectivities.Where(c => c.Name == "Ville Admin").Select(c => c.Id).SingleAsync());
        var invited = await PostAndReadAsync(admin, "/admin/comptes", "/admin/comptes", new() { ["Invitation.Email"] = "agent@ville-admin.fr", ["Invitation.Role"] = "Member", ["Invitation.CollectivityId"] = $"{collectivityId}", ["Invitation.FullName"] = "Agent Test" });
        var memberWithout = await PostAndReadAsync(admin, "/admin/comptes", "/admin/comptes", new() { ["Invitation.Email"] = "sans@ville.fr", ["Invitation.Role"] = "Member", ["Invitation.CollectivityId"] = "" });
        var id = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "agent@ville-admin.fr").Select(u => u.Id).SingleAsync());
        await admin.PostFormAsync("/admin/comptes", $"/admin/comptes/{id}/role", new() { ["role"] = "Editor" });
        await admin.PostFormAsync("/admin/comptes", $"/admin/comptes/{id}/desactiver", []);

        Assert.Contains("l'invitation a été envoyée", invited, StringComparison.Ordinal);
        Assert.Single(site.MessagesTo("agent@ville-admin.fr"));
        Assert.Contains("appartient à une collectivité", memberWithout, StringComparison.Ordinal);
        var roles = await site.WithDbAsync(db => db.UserRoles.Where(ur => ur.UserId == id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name).ToListAsync());
        Assert.Equal(["Editor"], roles);
        Assert.False(await site.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task AdminApprovesAndRejectsAccessRequests()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var visitor = site.CreateClient();
        await visitor.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", new() { ["FullName"] = "Oui Oui", ["Email"] = "oui@ville.fr", ["CollectivityName"] = "Ville Oui" });
        await visitor.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", new() { ["FullName"] = "Non Non", ["Email"] = "non@ailleurs.fr", ["CollectivityName"] = "Ailleurs" });
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");
        // Requests are recorded after the response, by the background worker.
        var ids = await Eventually.ValueAsync(() => site.WithDbAsync(db => db.AccessRequests.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync()), r => r.Count == 2, TimeSpan.FromSeconds(10));

        var queue = await admin.GetDocumentAsync("/admin/demandes");
        await admin.PostFormAsync("/admin/demandes", $"/admin/demandes/{ids[0]}/accepter", new() { ["collectivity"] = "Ville Oui" });
        await admin.PostFormAsync("/admin/demandes", $"/admin/demandes/{ids[1]}/refuser", new() { ["message"] = "Collectivité non adhérente" });

        Assert.Equal(2, queue.QuerySelectorAll("main article.admin-panel").Length);
        Assert.Single(site.MessagesTo("oui@ville.fr"));
        var statuses = await site.WithDbAsync(db => db.AccessRequests.OrderBy(r => r.Id).Select(r => new { r.Status, r.DecisionMessage }).ToListAsync());
        Assert.Equal(AccessRequestStatus.Approved, statuses[0].Status);
        Assert.Equal(AccessRequestStatus.Rejected, statuses[1].Status);
        Assert.Equal("Collectivité non adhérente", statuses[1].DecisionMessage);
        Assert.Contains("Message de l'équipe du RTES : Collectivité non adhérente", Assert.Single(site.MessagesTo("non@ailleurs.fr")).TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCollectivityFormKeepsWhatTheAdminTypedWhenItFails()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };
        await site.AddCollectivityAsync("Ville Prise", null);
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        // Refused by the input model (SIREN, date) and by the service (a name already taken).
        var invalid = await PostAndParseAsync(admin, "/admin/collectivites", "/admin/collectivites", new() { ["name"] = "Communauté de communes du Lot", ["kind"] = "Intercommunalite", ["siren"] = "12345", ["memberFrom"] = "2026-01-01", ["memberUntil"] = "32/13/2026" });
        var taken = await PostAndParseAsync(admin, "/admin/collectivites", "/admin/collectivites", new() { ["name"] = "Ville Prise", ["kind"] = "Departement", ["siren"] = "223200011", ["memberUntil"] = "2027-06-30" });

        Assert.Contains("SIREN compte 9 chiffres", invalid.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("La date de fin d'adhésion n'est pas une date valide", invalid.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", invalid.GetElementById("Siren")?.GetAttribute("aria-invalid"));
        Assert.Equal("Communauté de communes du Lot", invalid.GetElementById("Name")?.GetAttribute("value"));
        Assert.Equal("12345", invalid.GetElementById("Siren")?.GetAttribute("value"));
        Assert.Equal("2026-01-01", invalid.GetElementById("MemberFrom")?.GetAttribute("value"));
        Assert.Equal("32/13/2026", invalid.GetElementById("MemberUntil")?.GetAttribute("value"));
        Assert.Equal("Intercommunalite", invalid.SelectedValue("Kind"));
        Assert.Contains("La collectivité « Ville Prise » existe déjà.", taken.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("Ville Prise", taken.GetElementById("Name")?.GetAttribute("value"));
        Assert.Equal("223200011", taken.GetElementById("Siren")?.GetAttribute("value"));
        Assert.Equal("2027-06-30", taken.GetElementById("MemberUntil")?.GetAttribute("value"));
        Assert.Equal("Departement", taken.SelectedValue("Kind"));
        Assert.Equal(1, await site.WithDbAsync(db => db.Collectivities.CountAsync()));
    }

    [Fact]
    public async Task TheCollectivityPageFormsKeepWhatTheAdminTypedWhenTheyFail()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };
        await site.AddCollectivityAsync("Ville Une", new DateOnly(2026, 12, 31));
        await site.AddCollectivityAsync("Ville Deux", null);
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");
        var id = await site.WithDbAsync(db => db.Collectivities.Where(c => c.Name == "Ville Une").Select(c => c.Id).SingleAsync());
        var page = $"/admin/collectivites/{id}";

        var renamed = await PostAndParseAsync(admin, page, page, new() { ["name"] = "Ville Deux", ["kind"] = "Region", ["siren"] = "" });
        var renewed = await PostAndParseAsync(admin, page, $"{page}/renouveler", new() { ["until"] = "2026-06-30" });
        var period = await PostAndParseAsync(admin, page, $"{page}/periodes", new() { ["startsOn"] = "2026-03-01", ["endsOn"] = "demain" });

        Assert.Contains("Une autre collectivité porte déjà ce nom", renamed.MainText(), StringComparison.Ordinal);
        Assert.Equal("Ville Deux", renamed.GetElementById("Name")?.GetAttribute("value"));
        Assert.Equal("Region", renamed.SelectedValue("Kind"));
        Assert.Contains("L'adhésion court déjà jusqu'au 31 décembre 2026", renewed.MainText(), StringComparison.Ordinal);
        Assert.Equal("2026-06-30", renewed.GetElementById("Until")?.GetAttribute("value"));
        Assert.Contains("Le dernier jour de la période n'est pas une date valide", period.MainText(), StringComparison.Ordinal);
        Assert.Equal("2026-03-01", period.GetElementById("StartsOn")?.GetAttribute("value"));
        Assert.Equal("demain", period.GetElementById("EndsOn")?.GetAttribute("value"));
        Assert.Equal("Ville Une", await site.WithDbAsync(db => db.Collectivities.Where(c => c.Id == id).Select(c => c.Name).SingleAsync()));
    }

    [Fact]
    public async Task TheInvitationFormKeepsWhatTheAdminTypedWhenItFails()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("Ville Invitante", new DateOnly(2099, 1, 1));
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");
        var collectivityId = await site.WithDbAsync(db => db.Collectivities.Where(c => c.Name == "Ville Invitante").Select(c => c.Id).SingleAsync());

        var invalid = await PostAndParseAsync(admin, "/admin/comptes", "/admin/comptes", new() { ["Invitation.Email"] = "pas une adresse", ["Invitation.FullName"] = "Camille Martin", ["Invitation.Role"] = "Editor", ["Invitation.CollectivityId"] = $"{collectivityId}" });
        var memberWithout = await PostAndParseAsync(admin, "/admin/comptes", "/admin/comptes", new() { ["Invitation.Email"] = "camille@ville.fr", ["Invitation.FullName"] = "Camille Martin", ["Invitation.Role"] = "Member", ["Invitation.CollectivityId"] = "" });
        var taken = await PostAndParseAsync(admin, "/admin/comptes", "/admin/comptes", new() { ["Invitation.Email"] = "admin@rtes.fr", ["Invitation.Role"] = "Admin", ["Invitation.CollectivityId"] = $"{collectivityId}" });

        Assert.Contains("L'adresse e-mail n'est pas valide.", invalid.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", invalid.GetElementById("Invitation_Email")?.GetAttribute("aria-invalid"));
        Assert.Equal("pas une adresse", invalid.GetElementById("Invitation_Email")?.GetAttribute("value"));
        Assert.Equal("Camille Martin", invalid.GetElementById("Invitation_FullName")?.GetAttribute("value"));
        Assert.Equal("Editor", invalid.SelectedValue("Invitation_Role"));
        Assert.Equal($"{collectivityId}", invalid.SelectedValue("Invitation_CollectivityId"));
        Assert.Contains("Un compte de membre appartient à une collectivité", memberWithout.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("camille@ville.fr", memberWithout.GetElementById("Invitation_Email")?.GetAttribute("value"));
        Assert.Equal("Camille Martin", memberWithout.GetElementById("Invitation_FullName")?.GetAttribute("value"));
        Assert.Equal("Member", memberWithout.SelectedValue("Invitation_Role"));
        Assert.Null(memberWithout.SelectedValue("Invitation_CollectivityId"));
        Assert.Contains("Un compte existe déjà pour admin@rtes.fr.", taken.MainText(), StringComparison.Ordinal);
        Assert.Equal("Admin", taken.SelectedValue("Invitation_Role"));
        Assert.Empty(site.MessagesTo("camille@ville.fr"));
    }

    [Fact]
    public async Task ARefusedDecisionOnARequestKeepsWhatTheAdminTyped()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        var requestId = await site.WithDbAsync(async db =>
        {
            var request = new AccessRequest { Email = "agent@ville.fr", FullName = "Agent", CollectivityName = "Ville", Status = AccessRequestStatus.Pending, CreatedAt = DateTime.UtcNow };
            db.AccessRequests.Add(request);
            await db.SaveChangesAsync();
            return request.Id;
        });
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");
        var tooLong = new string('x', 2001);

        var refused = await PostAndParseAsync(admin, "/admin/demandes", $"/admin/demandes/{requestId}/refuser", new() { ["message"] = tooLong });

        Assert.Contains("Le message compte 2 000 caractères au plus.", refused.MainText(), StringComparison.Ordinal);
        Assert.Equal(tooLong, refused.GetElementById($"motif-{requestId}")?.GetAttribute("value"));
        Assert.Equal(AccessRequestStatus.Pending, await site.WithDbAsync(db => db.AccessRequests.Where(r => r.Id == requestId).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task CsvExportsOpenInFrenchExcelAndDefuseFormulas()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("=HYPERLINK(\"http://evil\")", new DateOnly(2099, 1, 1));
        await site.AddCollectivityAsync("Ville; avec \"guillemets\"", null);
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        var collectivities = await admin.GetByteArrayAsync("/admin/collectivites/export.csv");
        var accounts = await admin.GetByteArrayAsync("/admin/comptes/export.csv");
        var text = Encoding.UTF8.GetString(collectivities.AsSpan(3));

        Assert.Equal([0xEF, 0xBB, 0xBF], collectivities[..3]);
        Assert.StartsWith("nom;type;siren;active;adherente_aujourdhui;fin_adhesion;comptes", text, StringComparison.Ordinal);
        // The formula is written as text: its cell starts with an apostrophe, quoted or not.
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"=HYPERLINK", text, StringComparison.Ordinal);
        Assert.Contains("\"Ville; avec \"\"guillemets\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains("admin@rtes.fr;", Encoding.UTF8.GetString(accounts), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsShowWhetherTheCollectivityExistsAndItsMembersUseTheAddressDomain()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("Ville de Lorient", new DateOnly(2099, 12, 31));
        await site.AddCollectivityAsync("Ville sans compte", new DateOnly(2099, 12, 31));
        foreach (var email in new[] { "a@lorient.fr", "b@LORIENT.fr", "c@lorient.fr", "d@mairie-lorient.bzh" })
        {
            var invited = await site.WithServiceAsync<RtesResources.Web.Features.Accounts.MembersService, RtesResources.Web.Features.Accounts.InvitationResult>(m => m.InviteAsync(email, Roles.Member, "Ville de Lorient", null, null));
            Assert.True(invited.Succeeded, invited.Message);
        }

        var ids = new Dictionary<string, int>();
        await site.WithDbAsync(async db =>
        {
            foreach (var (email, collectivity) in new[] { ("agent@lorient.fr", "Ville de Lorient"), ("perso@gmail.com", "Ville de Lorient"), ("x@vannes.fr", "Ville de Vannes"), ("y@lorient.fr", "Lorient Agglomération"), ("z@nulle-part.fr", "Ville sans compte") })
            {
                var request = new AccessRequest { Email = email, FullName = "Personne " + email, CollectivityName = collectivity, Status = AccessRequestStatus.Pending, CreatedAt = DateTime.UtcNow };
                db.AccessRequests.Add(request);
                await db.SaveChangesAsync();
                ids[email] = request.Id;
            }
        });
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        var page = await admin.GetDocumentAsync("/admin/demandes");
        string Checks(string email) => Regex.Replace(page.GetElementById($"demande-{ids[email]}")!.ParentElement!.QuerySelector(".request-checks")!.TextContent, @"\s+", " ").Trim();

        Assert.Contains("La collectivité « Ville de Lorient » existe. État : À jour jusqu'au 31 décembre 2099.", Checks("agent@lorient.fr"), StringComparison.Ordinal);
        Assert.Contains("Le domaine lorient.fr correspond à 3 membres de cette collectivité.", Checks("agent@lorient.fr"), StringComparison.Ordinal);
        Assert.Contains("aucun membre de cette collectivité n'utilise ce domaine (gmail.com). Domaines connus : lorient.fr, mairie-lorient.bzh.", Checks("perso@gmail.com"), StringComparison.Ordinal);
        Assert.Contains("aucune collectivité ne s'appelle « Ville de Vannes »", Checks("x@vannes.fr"), StringComparison.Ordinal);
        Assert.Contains("aucune collectivité ne s'appelle « Lorient Agglomération »", Checks("y@lorient.fr"), StringComparison.Ordinal);
        Assert.Contains("Ce domaine est utilisé par des comptes de : Ville de Lorient.", Checks("y@lorient.fr"), StringComparison.Ordinal);
        Assert.Contains("cette collectivité n'a encore aucun compte", Checks("z@nulle-part.fr"), StringComparison.Ordinal);
        Assert.Contains("Les collectivités n'enregistrent pas de domaine", page.MainText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/comptes/export.csv")]
    [InlineData("/admin/collectivites/export.csv")]
    [InlineData("/admin/export.csv")]
    [InlineData("/admin/export.jsonl")]
    public async Task ExportsOfMembersAndOfTheCatalogueAreNeverStored(string url)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        using var response = await admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{url}: Cache-Control {response.Headers.CacheControl}");
    }

    private static async Task<string> PostAndReadAsync(HttpClient client, string page, string action, Dictionary<string, string> fields) =>
        (await PostAndParseAsync(client, page, action, fields)).MainText();

    /// <summary>The page the form leads to: the redirect's target once done, or the form shown again when it failed.</summary>
    private static async Task<AngleSharp.Dom.IDocument> PostAndParseAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        using var response = await client.PostFormAsync(page, action, fields);
        return await client.AnswerDocumentAsync(response);
    }
}
