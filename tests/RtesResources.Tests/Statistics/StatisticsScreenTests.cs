using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Statistics;

/// <summary>/admin/statistiques: for Editors and Admins only, over a validated period, with a CSV export.</summary>
public class StatisticsScreenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Editors and Admins (issue 9) alike; a member gets the back-office's 403, a visitor the login.</summary>
    [Fact]
    public async Task OnlyStaffSeeTheScreenAndItsExport()
    {
        using var site = new RtesWebFactory { Clock = new FakeTimeProvider(Now) };
        await site.AddCollectivityAsync("Ville Curieuse", new DateOnly(2028, 12, 31));
        await site.AddUserAsync("membre@ville.fr", Roles.Member, "Ville Curieuse");
        await site.AddUserAsync("redaction@rtes.fr", Roles.Editor);
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var member = await site.SignedInClientAsync("membre@ville.fr");
        using var editor = await site.SignedInClientAsync("redaction@rtes.fr");
        using var admin = await site.SignedInAdminClientAsync("admin@rtes.fr");

        foreach (var path in new[] { "/admin/statistiques", "/admin/statistiques/export.csv" })
        {
            using var signedOut = await anonymous.GetAsync(path);
            using var refused = await member.GetAsync(path);
            using var allowed = await editor.GetAsync(path);
            using var allowedAdmin = await admin.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
            Assert.Contains("/compte/connexion", signedOut.Headers.Location?.OriginalString, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(HttpStatusCode.OK, allowedAdmin.StatusCode);
        }

        foreach (var staff in new[] { editor, admin })
        {
            var page = await staff.GetDocumentAsync("/admin/statistiques");
            Assert.Equal("page", page.QuerySelector(".admin-nav a[href='/admin/statistiques']")?.GetAttribute("aria-current"));
            Assert.NotNull(page.QuerySelector("#titre-plus-consultees"));
        }
    }

    [Fact]
    public async Task TheScreenAddsUpThePeriodByResourceMonthAndKindAndExportsIt()
    {
        using var site = new RtesWebFactory { Clock = new FakeTimeProvider(Now) };
        await site.AddCollectivityAsync("Ville Curieuse", new DateOnly(2028, 12, 31));
        await site.AddUserAsync("redaction@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("redaction@rtes.fr");
        var (studyTitle, studyKind, fileName) = await site.WithDbAsync(async db =>
        {
            var study = await db.Resources.Include(r => r.Kind).SingleAsync(r => r.Slug == DemoSlugs.Study);
            var fiche = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            var file = await db.Attachments.Where(a => a.ResourceId == fiche.Id).OrderBy(a => a.Position).FirstAsync();
            var collectivity = await db.Collectivities.SingleAsync(c => c.Name == "Ville Curieuse");
            db.ResourceViewDays.AddRange(
                new ResourceViewDay { ResourceId = study.Id, Day = new DateOnly(2026, 10, 5), Count = 3 },
                new ResourceViewDay { ResourceId = study.Id, Day = new DateOnly(2026, 11, 20), Count = 2 },
                new ResourceViewDay { ResourceId = fiche.Id, Day = new DateOnly(2026, 11, 21), Count = 1 },
                // Before the last twelve months: outside the default period.
                new ResourceViewDay { ResourceId = fiche.Id, Day = new DateOnly(2025, 11, 30), Count = 50 });
            db.FileDownloadDays.Add(new FileDownloadDay { AttachmentId = file.Id, Day = new DateOnly(2026, 11, 2), Count = 7 });
            db.PrivateDownloadDays.Add(new PrivateDownloadDay { CollectivityId = collectivity.Id, Day = new DateOnly(2026, 11, 3), Count = 4 });
            db.UnfoundSearchWeeks.Add(new UnfoundSearchWeek { WeekStart = new DateOnly(2026, 11, 16), Text = "monnaie locale", Count = 6 });
            await db.SaveChangesAsync();
            return (study.Title, study.Kind.Name, file.FileName);
        });

        var page = await editor.GetDocumentAsync("/admin/statistiques");
        var november = await editor.GetDocumentAsync("/admin/statistiques?du=01/11/2026&au=2026-11-30");
        var unreadable = await editor.GetDocumentAsync("/admin/statistiques?du=32/13/2026");
        var backwards = await editor.GetDocumentAsync("/admin/statistiques?du=30/11/2026&au=01/11/2026");
        using var csv = await editor.GetAsync("/admin/statistiques/export.csv?du=2026-11-01&au=2026-11-30");
        var csvText = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync());

        Assert.Equal($"{studyTitle}|{studyKind}|5", Cells(page, "#titre-plus-consultees + .table-wrap tbody tr", 0, 2));
        Assert.Equal(2, page.QuerySelectorAll("#titre-plus-consultees + .table-wrap tbody tr").Length);
        Assert.Equal($"{fileName}|7", Cells(page, "#titre-plus-telecharges + .table-wrap tbody tr", 1, 2));
        Assert.Equal("octobre 2026|3|0", Row(page, "#donnees-mois", "octobre 2026"));
        Assert.Equal("novembre 2026|3|7", Row(page, "#donnees-mois", "novembre 2026"));
        Assert.Equal(12, page.QuerySelectorAll("#donnees-mois tbody tr").Length);
        Assert.Equal($"{studyKind}|5|0", Row(page, "#donnees-types", studyKind));
        Assert.StartsWith("monnaie locale|6|1|", Row(page, "#recherches-sans-resultat", "monnaie locale"), StringComparison.Ordinal);
        Assert.Equal("Ville Curieuse|4", Row(page, "#telechargements-collectivites", "Ville Curieuse"));
        Assert.NotNull(page.QuerySelector("figure.chart svg[role=img] title"));

        Assert.Equal($"{studyTitle}|{studyKind}|2", Cells(november, "#titre-plus-consultees + .table-wrap tbody tr", 0, 2));
        Assert.Single(november.QuerySelectorAll("#donnees-mois tbody tr"));
        Assert.Null(november.QuerySelector("[role=alert]"));

        Assert.Contains("La date de début n'est pas une date valide", unreadable.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(12, unreadable.QuerySelectorAll("#donnees-mois tbody tr").Length);
        Assert.Contains("La date de début doit précéder la date de fin.", backwards.QuerySelector("[role=alert]")?.TextContent, StringComparison.Ordinal);

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.True(csv.Headers.CacheControl?.NoStore);
        Assert.Contains($"ressources les plus consultées;{CsvField(studyTitle)};{studyKind};2", csvText, StringComparison.Ordinal);
        Assert.Contains("recherches sans résultat;monnaie locale;1 semaine(s);6", csvText, StringComparison.Ordinal);
        Assert.Contains("téléchargements réservés par collectivité;Ville Curieuse;;4", csvText, StringComparison.Ordinal);
        Assert.DoesNotContain("50", csvText, StringComparison.Ordinal);
    }

    /// <summary>A field as CSV writes it: quoted, quotes doubled, when it holds a quote or the separator.</summary>
    private static string CsvField(string text) =>
        text.Contains('"', StringComparison.Ordinal) || text.Contains(';', StringComparison.Ordinal) ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>Cells first to last of the first row, joined with "|".</summary>
    private static string Cells(AngleSharp.Dom.IDocument page, string rows, int first, int last) =>
        string.Join('|', page.QuerySelector(rows)!.Children.Skip(first).Take(last - first + 1).Select(c => c.TextContent.Trim()));

    /// <summary>The cells of the row whose first cell is the label, joined with "|".</summary>
    private static string Row(AngleSharp.Dom.IDocument page, string table, string label) =>
        string.Join('|', page.QuerySelectorAll($"{table} tbody tr")
            .Single(r => r.Children[0].TextContent.Trim() == label)
            .Children.Select(c => c.TextContent.Trim()));
}
