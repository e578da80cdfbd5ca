using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Publishing;

namespace RtesResources.Tests.Publishing;

/// <summary>Each resource's licence, from the closed list: chosen in the form or the import, shown on its page, in the feed and in its structured data.</summary>
public class LicenceTests
{
    private static readonly ClaimsPrincipal Importer = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "test d'import")], "test"));

    [Theory]
    [InlineData("licence-ouverte-2.0", "licence-ouverte-2.0")]
    [InlineData("Licence Ouverte 2.0 (Etalab)", "licence-ouverte-2.0")]
    [InlineData("etalab-2.0", "licence-ouverte-2.0")]
    [InlineData("CC BY 4.0", "cc-by-4.0")]
    [InlineData("cc-by-sa-4.0", "cc-by-sa-4.0")]
    [InlineData("CC-BY-SA-4.0", "cc-by-sa-4.0")]
    [InlineData("TOUS DROITS RESERVES", "tous-droits-reserves")]
    [InlineData("WTFPL", null)]
    [InlineData("", null)]
    [InlineData("CC BY", null)]
    public void ALicenceIsFoundByCodeNameOrSpdxIdentifierOnly(string value, string? expected) =>
        Assert.Equal(expected, Licences.Find(value)?.Code);

    [Fact]
    public void CodesAreUniqueAndFitTheColumn()
    {
        Assert.Equal(Licences.All.Count, Licences.All.Select(l => l.Code).Distinct().Count());
        Assert.All(Licences.All, l => Assert.InRange(l.Code.Length, 1, Licences.CodeMaxLength));
        Assert.Same(Licences.AllRightsReserved, Licences.OfCode("plus dans la liste"));
    }

    [Fact]
    public async Task TheFormDefaultsByAccessKeepsAChoiceAndRefusesAValueOutsideTheList()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("editrice@rtes.fr");
        var kindId = await site.WithDbAsync(db => db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Id).SingleAsync());

        var page = await editor.GetDocumentAsync("/admin/ressources/nouvelle");
        var options = page.QuerySelectorAll("select#Licence option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Equal(["", .. Licences.All.Select(l => l.Code)], options);

        var publicId = await CreateAsync(editor, Form("Une fiche publique", kindId, licence: "", isPrivate: false));
        var privateId = await CreateAsync(editor, Form("Une fiche réservée", kindId, licence: "", isPrivate: true));
        var chosenId = await CreateAsync(editor, Form("Une fiche sous CC BY-SA", kindId, licence: "cc-by-sa-4.0", isPrivate: false));
        Assert.Equal("licence-ouverte-2.0", await LicenceOfAsync(site, publicId));
        Assert.Equal("tous-droits-reserves", await LicenceOfAsync(site, privateId));
        Assert.Equal("cc-by-sa-4.0", await LicenceOfAsync(site, chosenId));

        var edit = await editor.GetDocumentAsync($"/admin/ressources/{chosenId}/modifier");
        Assert.Equal("cc-by-sa-4.0", edit.QuerySelector("select#Licence option[selected]")?.GetAttribute("value"));

        var before = await site.WithDbAsync(db => db.Resources.CountAsync());
        using var refused = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", Form("Une fiche WTFPL", kindId, licence: "WTFPL", isPrivate: false));
        var refusedPage = Html.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Choisissez une licence de la liste.", refusedPage.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await site.WithDbAsync(db => db.Resources.CountAsync()));
    }

    [Fact]
    public async Task ThePageLinksToTheLicenceTextAndTheStructuredDataNamesIt()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        await SetLicenceAsync(site, DemoSlugs.Study, "cc-by-4.0");
        await SetLicenceAsync(site, DemoSlugs.PublicAugust2020, "tous-droits-reserves");

        var study = await client.GetDocumentAsync("/ressources/" + DemoSlugs.Study);
        var link = study.QuerySelector("a[rel=license]");
        Assert.Equal("https://creativecommons.org/licenses/by/4.0/deed.fr", link?.GetAttribute("href"));
        Assert.StartsWith("CC BY 4.0", link!.TextContent, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(study.QuerySelector("script[type='application/ld+json']")!.TextContent))
        {
            Assert.Equal("https://creativecommons.org/licenses/by/4.0/deed.fr", json.RootElement.GetProperty("license").GetString());
        }

        var reserved = await client.GetDocumentAsync("/ressources/" + DemoSlugs.PublicAugust2020);
        Assert.Null(reserved.QuerySelector("a[rel=license]"));
        Assert.Contains("Tous droits réservés", reserved.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(reserved.QuerySelector("script[type='application/ld+json']")!.TextContent))
        {
            Assert.Equal("Tous droits réservés", json.RootElement.GetProperty("license").GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task EachFeedEntryCarriesItsLicenceAsRights()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        await SetLicenceAsync(site, DemoSlugs.Study, "cc-by-sa-4.0");
        XNamespace atom = "http://www.w3.org/2005/Atom";

        var feed = XDocument.Parse(await client.GetStringAsync("/ressources/flux.atom")).Root!;

        var entries = feed.Elements(atom + "entry").ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.NotEmpty(e.Element(atom + "rights")!.Value));
        var study = entries.Single(e => e.Element(atom + "id")!.Value.EndsWith("/" + DemoSlugs.Study, StringComparison.Ordinal));
        Assert.Equal("CC BY-SA 4.0 (Creative Commons Attribution, partage dans les mêmes conditions) – https://creativecommons.org/licenses/by-sa/4.0/deed.fr", study.Element(atom + "rights")!.Value);
    }

    [Fact]
    public async Task TheImportReadsLicencesByNameRefusesOthersAndTheExportWritesCodes()
    {
        using var site = new RtesWebFactory();
        const string csv = "title;kind;private;licence;external_id\n" +
            "Sous CC BY-SA;Fiche;non;CC BY-SA 4.0;lic-1\n" +
            "Sans licence, publique;Fiche;non;;lic-2\n" +
            "Sans licence, réservée;Fiche;oui;;lic-3\n";

        var report = await ImportAsync(site, csv);
        Assert.True(report.Succeeded, string.Join(" / ", report.Rows.SelectMany(r => r.Problems)));
        var codes = await site.WithDbAsync(db => db.Resources.Where(r => r.ExternalId!.StartsWith("lic-")).OrderBy(r => r.ExternalId).Select(r => r.Licence).ToListAsync());
        Assert.Equal(["cc-by-sa-4.0", "licence-ouverte-2.0", "tous-droits-reserves"], codes);

        var refused = await ImportAsync(site, "title;kind;licence\nSous WTFPL;Fiche;WTFPL\n");
        Assert.False(refused.Succeeded);
        Assert.Contains(refused.Rows.Single().Problems, p => p.Contains("licence « WTFPL » inconnue", StringComparison.Ordinal));

        byte[] exported;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            exported = await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(TransferFormat.JsonLines);
        }

        var line = Encoding.UTF8.GetString(exported).Split('\n').Single(l => l.Contains("\"lic-1\"", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(line);
        Assert.Equal("cc-by-sa-4.0", json.RootElement.GetProperty("licence").GetString());
    }

    [Fact]
    public async Task TheMigrationTurnsFreeTextIntoCodesPublicWorkUnderTheOpenLicence()
    {
        using var folder = new TempFolder();
        await using var db = TestDatabases.CreateSqliteContext($"Data Source={Path.Combine(folder.Path, "m.db")}");
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var licenceMigration = migrations.Single(m => m.EndsWith("_ResourceLicenceCodes", StringComparison.Ordinal));
        await migrator.MigrateAsync(migrations[migrations.IndexOf(licenceMigration) - 1]);

        (string Slug, bool IsPrivate, string? Licence)[] rows =
        [
            ("publique-sans", false, null),
            ("reservee-sans", true, null),
            ("publique-vide", false, "  "),
            ("etalab", false, "Licence Ouverte / Open Licence version 2.0"),
            ("cc-by", true, "CC BY 4.0"),
            ("cc-by-sa", false, "Creative Commons CC-BY-SA"),
            ("cc-by-nd", false, "CC BY-ND 4.0"),
            ("copyright", false, "© Avise 2019"),
        ];
        foreach (var (slug, isPrivate, licence) in rows)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO Resources (Slug, Title, KindId, SourceType, IsPrivate, SummaryMarkdown, BodyMarkdown, SummaryHtml, BodyHtml, Excerpt, SearchText, BodySearchText, PublishedOn, Version, CreatedAt, UpdatedAt, Licence)
                VALUES ({slug}, {slug}, (SELECT MIN(Id) FROM ResourceKinds), 'RTES', {isPrivate}, '', '', '', '', '', '', '', '2024-01-01', 0, '2024-01-01 00:00:00', '2024-01-01 00:00:00', {licence})
                """);
        }

        await migrator.MigrateAsync();

        var codes = await db.Resources.AsNoTracking().OrderBy(r => r.Id).Select(r => r.Licence).ToListAsync();
        Assert.Equal(
            ["licence-ouverte-2.0", "tous-droits-reserves", "licence-ouverte-2.0", "licence-ouverte-2.0", "cc-by-4.0", "cc-by-sa-4.0", "tous-droits-reserves", "tous-droits-reserves"],
            codes);
        SqliteConnection.ClearAllPools();
    }

    private static Dictionary<string, string> Form(string title, int kindId, string licence, bool isPrivate)
    {
        var form = new Dictionary<string, string>
        {
            ["Title"] = title,
            ["KindId"] = kindId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SourceType"] = "Ressources RTES",
            ["Summary"] = "Un résumé.",
            ["Body"] = "Le contenu.",
            ["PublishedOn"] = "2026-11-20",
            ["Licence"] = licence,
            ["Version"] = "0",
        };
        if (isPrivate)
        {
            form["IsPrivate"] = "true";
        }

        return form;
    }

    private static async Task<int> CreateAsync(HttpClient editor, Dictionary<string, string> form)
    {
        using var response = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Task<string> LicenceOfAsync(RtesWebFactory site, int id) =>
        site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.Licence).SingleAsync());

    private static Task<int> SetLicenceAsync(RtesWebFactory site, string slug, string code) =>
        site.WithDbAsync(db => db.Resources.Where(r => r.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(r => r.Licence, code)));

    private static async Task<ImportReport> ImportAsync(RtesWebFactory site, string text)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueImport>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), TransferFormat.Csv, false, Importer);
    }
}
