using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Web.Authorization;

namespace RtesResources.BrowserTests;

/// <summary>The W3C Nu checker (vnu.jar) finds no error in the pages and the stylesheet the site serves.</summary>
[Collection(BrowserTests.Name)]
public partial class HtmlValidity(BrowserSite site)
{
    private static readonly string[] Pages =
    [
        "/",
        "/ressources",
        "/ressources?q=introuvable&type=fiche",
        "/ressources?q=l%27ESS+%C3%A9lus",
        "/ressources?q=%C3%A9conomie&tri=date",
        "/ressources?thematique=metropoles&annee=2019&acces=public",
        "/ressources?type=podcast",
        "/ressources/retour-sur-le-temps-d-echange-departements-et-ess",
        "/ressources/comment-parler-ess-a-un-e-nouvel-le-elu-e",
        "/ressources/fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal",
        "/page-introuvable",
        "/compte/connexion",
        "/compte/mot-de-passe-oublie",
        "/compte/demander-un-acces",
        "/compte/activer?jeton=invalide",
        "/accessibilite",
        "/mentions-legales",
        "/donnees-personnelles",
        "/plan-du-site",
    ];

    /// <summary>Pages a signed-in member sees, and a form sent back with its errors.</summary>
    private static readonly string[] MemberPages =
    [
        "/compte",
        "/compte/double-authentification",
        "/compte/mot-de-passe",
        "/ressources/comment-parler-ess-a-un-e-nouvel-le-elu-e",
    ];

    /// <summary>Back-office pages an editor sees.</summary>
    private static readonly string[] EditorPages =
    [
        "/admin",
        "/admin/ressources",
        "/admin/ressources?cocher=page",
        "/admin/ressources/nouvelle",
        "/admin/ressources/1/modifier",
        "/admin/ressources/1/historique",
        "/admin/intervenants",
        "/admin/types/nouveau",
        "/admin/collections/1",
        "/admin/import",
        "/admin/synonymes",
        "/admin/synonymes/nouveau",
        "/admin/synonymes/1",
        "/admin/synonymes/1/supprimer",
        "/admin/statistiques",
        "/admin/statistiques?du=32/13/2026",
    ];

    /// <summary>Member management, which only Admins see.</summary>
    private static readonly string[] AdminPages = ["/admin/collectivites", "/admin/collectivites/1", "/admin/comptes", "/admin/comptes?suppression=demandee", "/admin/demandes"];

    [NuCheckerFact]
    public async Task PagesAndStylesheetHaveNoNuCheckerErrors()
    {
        var jar = ExternalTools.NuCheckerJar ?? throw new InvalidOperationException("vnu.jar is missing: .ci/run installs it with npm.");
        var folder = Directory.CreateTempSubdirectory("rtes-vnu-");
        try
        {
            using var client = new HttpClient { BaseAddress = site.BaseAddress };
            var files = new List<string>();
            for (var i = 0; i < Pages.Length; i++)
            {
                var file = Path.Combine(folder.FullName, $"page{i}.html");
                // The 404 page is checked too: read the body whatever the status.
                using var response = await client.GetAsync(Pages[i]);
                await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
                files.Add(file);
            }

            using var member = await SignedInMemberAsync();
            foreach (var url in MemberPages)
            {
                var file = Path.Combine(folder.FullName, $"member{files.Count}.html");
                await File.WriteAllTextAsync(file, await member.GetStringAsync(url));
                files.Add(file);
            }

            using var editor = await SignedInAsync("editeur-nu@rtes.fr", Roles.Editor, null);
            await StatisticsData.SeedAsync(site);
            foreach (var url in EditorPages)
            {
                var file = Path.Combine(folder.FullName, $"editor{files.Count}.html");
                await File.WriteAllTextAsync(file, await editor.GetStringAsync(url));
                files.Add(file);
            }

            // The bulk action form sent back with its errors, and the confirmation of an action on
            // every resource the filters match (not confirmed: the site is shared).
            var token = await SiteClients.TokenAsync(editor, "/admin/ressources");
            foreach (var fields in new KeyValuePair<string, string>[][]
            {
                [new("operation", "programmer"), new("date", "2001-01-01"), new("heure", "10:00"), new("portee", "selection"), new("ids", "1")],
                [new("operation", "publier"), new("portee", "filtre"), new("statut", "publiee")],
            })
            {
                using var response = await editor.PostAsync("/admin/ressources/lot", new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
                var file = Path.Combine(folder.FullName, $"bulk{files.Count}.html");
                await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
                files.Add(file);
            }

            using var admin = await SignedInAdminAsync();
            // A pending access request (its checks), and an account's erasure confirmation step.
            string adminId;
            await using (var scope = site.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Data.AppDbContext>();
                db.AccessRequests.Add(new RtesResources.Web.Domain.AccessRequest { Email = "agent@ville-nu.fr", FullName = "Agent Nu", CollectivityName = "Ville Nu", Status = RtesResources.Web.Domain.AccessRequestStatus.Pending, CreatedAt = DateTime.UtcNow });
                await db.SaveChangesAsync();
                adminId = db.Users.Where(u => u.Email == "admin-nu@rtes.fr").Select(u => u.Id).Single();
            }

            foreach (var url in AdminPages.Append($"/admin/comptes/{adminId}/effacer"))
            {
                var file = Path.Combine(folder.FullName, $"admin{files.Count}.html");
                await File.WriteAllTextAsync(file, await admin.GetStringAsync(url));
                files.Add(file);
            }

            // The member forms shown again with their errors and what the admin typed.
            var pendingId = await PendingRequestIdAsync();
            var adminToken = await SiteClients.TokenAsync(admin, "/admin/comptes");
            foreach (var (url, fields) in new (string, KeyValuePair<string, string>[])[]
            {
                ("/admin/collectivites", [new("Name", ""), new("Kind", "Commune"), new("Siren", "12"), new("MemberUntil", "32/13/2026")]),
                ("/admin/collectivites/1/renouveler", [new("Until", "demain")]),
                ("/admin/comptes", [new("Invitation.Email", "pas-une-adresse"), new("Invitation.Role", "Member"), new("Invitation.CollectivityId", "")]),
                ($"/admin/demandes/{pendingId}/refuser", [new("message", new string('x', 2001))]),
                ($"/admin/comptes/{adminId}/effacer", [new("Confirmation", "")]),
            })
            {
                var file = Path.Combine(folder.FullName, $"admin-form{files.Count}.html");
                using var response = await admin.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", adminToken))));
                Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode}");
                await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
                files.Add(file);
            }

            var invalid = Path.Combine(folder.FullName, "invalid-form.html");
            await File.WriteAllTextAsync(invalid, await PostWithTokenAsync(client, "/compte/demander-un-acces", [new("Email", "pas-une-adresse")]));
            files.Add(invalid);

            var css = Path.Combine(folder.FullName, "site.css");
            await File.WriteAllTextAsync(css, await client.GetStringAsync("/css/site.css"));
            files.Add(css);

            var messages = await RunCheckerAsync(jar, files);

            var errors = messages
                .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
                .Select(m => $"{Describe(m, files)}: {m.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The same tour as the axe-core tests: every kind of page, as each kind of visitor reaches it.</summary>
    [NuCheckerFact]
    public async Task EveryPageOfTheTourHasNoNuCheckerErrors()
    {
        var jar = ExternalTools.NuCheckerJar ?? throw new InvalidOperationException("vnu.jar is missing: .ci/run installs it with npm.");
        var folder = Directory.CreateTempSubdirectory("rtes-vnu-tour-");
        try
        {
            var files = new List<string>();
            var names = new List<string>();
            Task Keep(string name, Microsoft.Playwright.IPage page, string? html)
            {
                if (html is null)
                {
                    // A state made by the page's script: axe-core checks it, the Nu checker reads what the server sent.
                    return Task.CompletedTask;
                }

                var file = Path.Combine(folder.FullName, $"tour{files.Count}.html");
                files.Add(file);
                names.Add(name);
                return File.WriteAllTextAsync(file, html);
            }

            var tour = new PageTour(site, "nu");
            await tour.AnonymousAsync(Keep);
            await tour.MemberAsync(Keep);
            await tour.EditorAsync(Keep);
            await tour.AdminAsync(Keep);
            Assert.True(files.Count > 60, $"The tour reached {files.Count} pages only.");

            var messages = await RunCheckerAsync(jar, files);

            var errors = messages
                .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
                .Select(m =>
                {
                    var url = m.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
                    var index = files.FindIndex(f => url.EndsWith("/" + Path.GetFileName(f), StringComparison.Ordinal));
                    var line = m.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0;
                    return $"{(index >= 0 ? names[index] : url)} line {line}: {m.GetProperty("message").GetString()}";
                })
                .ToList();
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private Task<HttpClient> SignedInMemberAsync() => SiteClients.SignedInAsync(site, "valide@ville-nu.fr", Roles.Member, "Ville Nu");

    private Task<HttpClient> SignedInAsync(string email, string role, string? collectivity) => SiteClients.SignedInAsync(site, email, role, collectivity);

    private Task<HttpClient> SignedInAdminAsync() => SiteClients.SignedInAdminAsync(site, "admin-nu@rtes.fr");

    private async Task<int> PendingRequestIdAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Data.AppDbContext>();
        return db.AccessRequests.Where(r => r.Email == "agent@ville-nu.fr").Select(r => r.Id).First();
    }

    private static Task<string> PostWithTokenAsync(HttpClient client, string url, KeyValuePair<string, string>[] fields) => SiteClients.PostWithTokenAsync(client, url, fields);

    private static async Task<List<JsonElement>> RunCheckerAsync(string jar, List<string> files)
    {
        var start = new ProcessStartInfo("java") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-jar", jar, "--errors-only", "--also-check-css", "--format", "json" }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("java could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var report = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        await output;

        using var json = JsonDocument.Parse(report);
        return json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.Clone()).ToList();
    }

    private static string Describe(JsonElement message, List<string> files)
    {
        var url = message.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
        var index = files.FindIndex(f => url.EndsWith(Path.GetFileName(f), StringComparison.Ordinal));
        var where = index >= 0 && index < Pages.Length ? Pages[index] : Path.GetFileName(url) + (index >= Pages.Length && index < Pages.Length + MemberPages.Length ? $" ({MemberPages[index - Pages.Length]})" : "");
        var line = message.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0;
        return $"{where} line {line}";
    }
}
