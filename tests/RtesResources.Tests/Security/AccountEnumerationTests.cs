using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Email;

namespace RtesResources.Tests.Security;

/// <summary>
/// Whether an address has an account must not show in how long a form takes: every form does the same
/// work for every address. Checked by counting that work (password hashes, SQL commands, queued work),
/// not by timing it.
/// </summary>
public class AccountEnumerationTests
{
    [Fact]
    public async Task EveryRefusedSignInHashesOnePasswordAndSaysTheSame()
    {
        var hasher = new CountingPasswordHasher();
        using var site = new CountingSite(hasher);
        await site.AddCollectivityAsync("Ville Fermée", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("mauvais@rtes.fr", Roles.Editor);
        await site.AddUserAsync("verrouille@rtes.fr", Roles.Editor);
        await site.AddUserAsync("desactive@rtes.fr", Roles.Editor);
        await site.AddUserAsync("agent@ville-fermee.fr", Roles.Member, "Ville Fermée");
        var invited = await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("invite@rtes.fr", Roles.Editor, null, null, null));
        Assert.True(invited.Succeeded, invited.Message);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByEmailAsync("verrouille@rtes.fr"))!, DateTimeOffset.UtcNow.AddMinutes(10));
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            Assert.True((await members.DeactivateUserAsync("desactive@rtes.fr")).Succeeded);
            Assert.True((await members.DeactivateCollectivityAsync("Ville Fermée")).Succeeded);
        }

        using var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var attempts = new (string Email, string Password)[]
        {
            ("inconnu@rtes.fr", Accounts.Password),
            ("mauvais@rtes.fr", "pas le bon mot de passe"),
            // The right password, refused all the same: the answer must not differ either.
            ("verrouille@rtes.fr", Accounts.Password),
            ("desactive@rtes.fr", Accounts.Password),
            ("agent@ville-fermee.fr", Accounts.Password),
            ("invite@rtes.fr", "pas encore de mot de passe"),
        };

        var answers = new List<string>();
        foreach (var (email, password) in attempts)
        {
            var token = await TokenAsync(client, "/compte/connexion");
            hasher.Verifications = 0;
            using var response = await client.PostAsync("/compte/connexion", Form(new() { ["Email"] = email, ["Password"] = password }, token));
            var error = Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent.Trim();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{email}: {(int)response.StatusCode}");
            Assert.True(hasher.Verifications == 1, $"{email}: {hasher.Verifications} password hashes");
            answers.Add(error ?? "");
        }

        Assert.Single(answers.Distinct());
        Assert.Contains("Adresse e-mail ou mot de passe incorrect", answers[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResetAndAccessRequestFormsDoTheSameWorkForKnownAndUnknownAddresses()
    {
        var hasher = new CountingPasswordHasher();
        using var site = new CountingSite(hasher) { WithoutOutboxWorker = true, SearchPollInterval = TimeSpan.FromHours(1) };
        await site.AddUserAsync("connu@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var outbox = site.Services.GetRequiredService<EmailOutbox>();

        async Task<(int Sql, int Hashes, int Queued, string Page)> WorkOfAsync(string path, Dictionary<string, string> fields)
        {
            var token = await TokenAsync(client, path);
            var queuedBefore = outbox.Reader.Count;
            site.SqlCommands.Reset();
            hasher.Verifications = 0;
            using var response = await client.PostAsync(path, Form(fields, token));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = Html.Parse(await response.Content.ReadAsStringAsync()).MainText();
            return (site.SqlCommands.Count, hasher.Verifications, outbox.Reader.Count - queuedBefore, page);
        }

        var resetKnown = await WorkOfAsync("/compte/mot-de-passe-oublie", new() { ["Email"] = "connu@rtes.fr" });
        var resetUnknown = await WorkOfAsync("/compte/mot-de-passe-oublie", new() { ["Email"] = "inconnu@rtes.fr" });
        static Dictionary<string, string> Request(string email) => new() { ["FullName"] = "Alex Martin", ["Email"] = email, ["CollectivityName"] = "Ville Test" };
        var accessKnown = await WorkOfAsync("/compte/demander-un-acces", Request("connu@rtes.fr"));
        var accessUnknown = await WorkOfAsync("/compte/demander-un-acces", Request("nouveau@ville-test.fr"));

        Assert.Equal((resetKnown.Sql, resetKnown.Hashes, resetKnown.Queued), (resetUnknown.Sql, resetUnknown.Hashes, resetUnknown.Queued));
        Assert.Equal(resetKnown.Page.Replace("connu@rtes.fr", "@", StringComparison.Ordinal), resetUnknown.Page.Replace("inconnu@rtes.fr", "@", StringComparison.Ordinal));
        Assert.Equal(accessKnown, accessUnknown);
        Assert.Equal(1, resetKnown.Queued);
        Assert.Equal(1, accessKnown.Queued);

        // The queued work then does what the forms promise, after the responses.
        using var worker = new EmailOutboxWorker(outbox, site.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<EmailOutboxWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        await site.WaitForNewMessageAsync("connu@rtes.fr", Accounts.ResetSubject, new HashSet<string>());
        var requests = await Eventually.ValueAsync(() => site.WithDbAsync(db => db.AccessRequests.Select(r => r.Email).ToListAsync()), r => r.Count > 0, TimeSpan.FromSeconds(10));
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(["nouveau@ville-test.fr"], requests);
        Assert.Empty(site.MessagesTo("inconnu@rtes.fr"));
    }

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        (await client.GetDocumentAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static FormUrlEncodedContent Form(Dictionary<string, string> fields, string token) =>
        new(fields.Append(new("__RequestVerificationToken", token)));
}
