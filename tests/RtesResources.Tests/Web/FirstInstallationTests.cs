using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>
/// The first installation of the site, walked as an operator does it on a fresh Production install
/// without demo data: every step through the real executable (docs/operations.md), then the site
/// started on the same SQLite database and visited as a browser behind the TLS proxy would.
/// </summary>
public sealed class FirstInstallationTests : IDisposable
{
    private const string Collectivity = "Ville de Nantes";
    private const string MemberEmail = "agent@nantes.example";
    private const string MemberPassword = "Premiere-Installation-2026!";
    private const string PrivateBodyPhrase = "Le relevé de décisions réservé aux adhérents";

    private readonly TempFolder _folder = new();
    private readonly SiteExecutable _executable;

    public FirstInstallationTests()
    {
        _executable = new SiteExecutable(_folder.Path);
        // E-mails as .eml files in the test's folder: invitations and the erasure notice can be read.
        _executable.Environment["Email__Delivery"] = "Pickup";
        _executable.Environment["Database__SeedDemoData"] = "false";
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AnOperatorInstallsImportsOpensTheSiteAndManagesMembersThroughTheExecutable()
    {
        // 1. The schema, on a database that does not exist yet.
        var migrate = await _executable.RunAsync("migrate");
        AssertSucceeded(migrate);
        Assert.Equal("La base de données est à jour.", migrate.Output.Trim().Split('\n')[^1].Trim());
        Assert.Contains("Migration appliquée : ", migrate.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_executable.DatabasePath));

        // 2. The catalogue from a spreadsheet: published rows (one private), a draft, one scheduled.
        var scheduledAt = DateTimeOffset.UtcNow.AddDays(30).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);
        var csv = Path.Combine(_folder.Path, "ressources.csv");
        await File.WriteAllTextAsync(csv,
            "slug;title;kind;categories;private;summary;body;status\n" +
            "monnaies-locales;Les monnaies locales complémentaires;fiche;Finances solidaires;non;Ce que les collectivités en font.;Trois exemples de monnaies locales.;publiée\n" +
            "cooperatives-habitants;Les coopératives d'habitants;étude;Logement;non;Une étude sur l'habitat participatif.;;publiée\n" +
            $"releve-decisions-elus;Relevé de décisions des élus;compte-rendu;;oui;Un résumé public.;{PrivateBodyPhrase}.;publiée\n" +
            "brouillon-monnaies;Brouillon sur les monnaies locales;fiche;;non;Pas encore prêt.;;brouillon\n" +
            $"tiers-lieux-programmes;Les tiers-lieux programmés;fiche;;non;Publié dans un mois.;;{scheduledAt}\n",
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));

        var import = await _executable.RunAsync("import", csv);

        AssertSucceeded(import);
        var report = import.Output.ReplaceLineEndings("\n");
        // One line per row, its notes after the action: terms created, then the publication.
        Assert.Matches(@"(?m)^ligne 2 \(monnaies-locales\) : créée ; .*« Finances solidaires ».* ; publiée$", report);
        Assert.Matches(@"(?m)^ligne 3 \(cooperatives-habitants\) : créée ; .*« Logement ».* ; publiée$", report);
        Assert.Matches(@"(?m)^ligne 4 \(releve-decisions-elus\) : créée ; publiée$", report);
        Assert.Matches(@"(?m)^ligne 5 \(brouillon-monnaies\) : créée$", report);
        Assert.Matches(@"(?m)^ligne 6 \(tiers-lieux-programmes\) : créée ; publication programmée le [^;]+$", report);
        Assert.Contains("Importé : 5 ligne(s) : 5 créée(s), 0 mise(s) à jour, 0 inchangée(s), 2 nouveau(x) terme(s) ; 3 publiée(s), 1 programmée(s).", report, StringComparison.Ordinal);

        // 3. The site on that database: anonymous visitors see the published resources only.
        await using var site = await _executable.StartSiteAsync();
        using (var visitor = site.NewBrowser())
        {
            var catalogue = await visitor.GetDocumentAsync("/ressources");
            Assert.Equal(["cooperatives-habitants", "monnaies-locales", "releve-decisions-elus"], catalogue.CardSlugs().Order(StringComparer.Ordinal));

            var search = await visitor.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString("monnaies locales"));
            Assert.Equal(["monnaies-locales"], search.CardSlugs());

            foreach (var unpublished in new[] { "brouillon-monnaies", "tiers-lieux-programmes" })
            {
                using var response = await visitor.GetAsync("/ressources/" + unpublished);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }

            var teaser = (await visitor.GetDocumentAsync("/ressources/releve-decisions-elus")).MainText();
            Assert.Contains("Réservé aux collectivités adhérentes", teaser, StringComparison.Ordinal);
            Assert.DoesNotContain(PrivateBodyPhrase, teaser, StringComparison.Ordinal);
        }

        // 4. A member collectivity: its history (a past period) and its current membership.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var added = await _executable.RunAsync("collectivities", "add", "--name", Collectivity, "--kind", "commune", "--member-from", "2019-01-01", "--member-until", "2019-12-31");
        var period = await _executable.RunAsync("collectivities", "add-period", "--name", Collectivity, "--from", Day(today.AddMonths(-1)), "--until", Day(today.AddMonths(11)));

        AssertSucceeded(added);
        Assert.StartsWith($"Collectivité « {Collectivity} » créée, avec une adhésion passée du ", added.Output, StringComparison.Ordinal);
        Assert.EndsWith("(historique, sans accès).", added.Output.Trim(), StringComparison.Ordinal);
        AssertSucceeded(period);
        Assert.StartsWith($"Période d'adhésion de « {Collectivity} » du ", period.Output, StringComparison.Ordinal);
        Assert.EndsWith(" enregistrée.", period.Output.Trim(), StringComparison.Ordinal);

        // 5. A member invited, given a password, signed in: the private content is theirs to read.
        var invited = await _executable.RunAsync("users", "add", "--email", MemberEmail, "--role", "Member", "--collectivity", Collectivity, "--name", "Camille Agent");
        var password = await _executable.RunWithInputAsync(MemberPassword + "\n", "users", "set-password", "--email", MemberEmail, "--password-stdin");

        AssertSucceeded(invited);
        Assert.Equal($"Compte créé pour {MemberEmail} (Member) ; l'invitation a été envoyée.", invited.Output.Trim());
        var invitation = Assert.Single(MessagesTo(MemberEmail));
        Assert.Equal("Votre accès au centre de ressources du RTES", invitation.Subject);
        Assert.Contains("https://ressources.example/", invitation.TextBody, StringComparison.Ordinal);
        AssertSucceeded(password);
        Assert.StartsWith($"Mot de passe de {MemberEmail} modifié", password.Output, StringComparison.Ordinal);

        using var member = site.NewBrowser();
        using (var signIn = await SignInAsync(member))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var privatePage = (await member.GetDocumentAsync("/ressources/releve-decisions-elus")).MainText();
        Assert.Contains(PrivateBodyPhrase, privatePage, StringComparison.Ordinal);

        // 6. The account erased at the person's request: told by e-mail, and no more sign-in.
        var erased = await _executable.RunAsync("users", "erase", "--email", MemberEmail);

        AssertSucceeded(erased);
        Assert.StartsWith("Compte effacé ; la personne en a été prévenue par e-mail.", erased.Output, StringComparison.Ordinal);
        var notice = Assert.Single(MessagesTo(MemberEmail), m => m.Subject == "Suppression de votre compte du centre de ressources du RTES");
        Assert.Contains($"compte du centre de ressources du RTES ({MemberEmail}) est supprimé", notice.TextBody, StringComparison.Ordinal);

        using (var openSession = await member.GetAsync("/compte"))
        {
            Assert.NotEqual(HttpStatusCode.OK, openSession.StatusCode);
        }

        using var stranger = site.NewBrowser();
        using (var refused = await SignInAsync(stranger))
        {
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("Adresse e-mail ou mot de passe incorrect.", Html.Parse(await refused.Content.ReadAsStringAsync()).MainText(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(PrivateBodyPhrase, (await stranger.GetDocumentAsync("/ressources/releve-decisions-elus")).MainText(), StringComparison.Ordinal);
    }

    private static void AssertSucceeded(CommandRun run) =>
        Assert.True(run.ExitCode == 0, $"Exit code {run.ExitCode}: {run.Output}{run.Error}");

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser) =>
        browser.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = MemberEmail, ["Password"] = MemberPassword });

    /// <summary>The e-mails written to the pickup folder for an address.</summary>
    private List<MimeMessage> MessagesTo(string email) =>
        [.. (Directory.Exists(_executable.MailFolder) ? Directory.GetFiles(_executable.MailFolder, "*.eml") : [])
            .Select(path => MimeMessage.Load(path))
            .Where(m => m.To.Mailboxes.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))];
}
