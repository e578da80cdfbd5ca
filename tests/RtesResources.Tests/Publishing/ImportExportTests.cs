using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Publishing;

public class ImportExportTests
{
    private static readonly ClaimsPrincipal Importer = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "test d'import")], "test"));

    private static async Task<ImportReport> ImportAsync(RtesWebFactory site, string text, TransferFormat format = TransferFormat.Csv, bool dryRun = false, bool bom = false)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bom)
        {
            bytes = [0xEF, 0xBB, 0xBF, .. bytes];
        }

        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CatalogueImport>().ImportAsync(new MemoryStream(bytes), format, dryRun, Importer);
    }

    private const string TrickyCsv =
        "title;kind;categories;private;summary;body;published_on;event_date;speakers;links;series;series_number;external_id\n" +
        "\"Fiche n°4 : la commande « publique »; responsable\";Fiche;Commande publique | Métropoles;oui;\"Un résumé \"\"entre guillemets\"\"\nsur deux lignes\";\"## Titre\n\n- un\n- deux\";15/03/2024;2024-03-20;\"Élise Dupré, chargée de mission, Ville de Lyon\nMahel Coppey\";\"video: La vidéo https://vimeo.com/76979871 | https://www.rtes.fr/\";Kit MunicipalESS;4;ext-4\n";

    [Fact]
    public async Task ExcelStyleCsvWithBomSemicolonsQuotesAndLineBreaksIsImported()
    {
        using var site = new RtesWebFactory();

        var report = await ImportAsync(site, TrickyCsv, bom: true);

        Assert.True(report.Succeeded, string.Join(" / ", report.FileProblems.Concat(report.Rows.SelectMany(r => r.Problems))));
        Assert.True(report.Applied);
        var resource = await site.WithDbAsync(db => db.Resources
            .Include(r => r.Categories).Include(r => r.Speakers).ThenInclude(s => s.Speaker).Include(r => r.Links).Include(r => r.Series)
            .SingleAsync(r => r.ExternalId == "ext-4"));
        Assert.Equal("Fiche n°4 : la commande « publique »; responsable", resource.Title);
        Assert.Equal("fiche-n-4-la-commande-publique-responsable", resource.Slug);
        Assert.True(resource.IsPrivate);
        Assert.Equal("Un résumé \"entre guillemets\"\nsur deux lignes", resource.SummaryMarkdown);
        Assert.Equal(2, Html.Parse(resource.BodyHtml).QuerySelectorAll("li").Length);
        Assert.Equal(new DateOnly(2024, 3, 15), resource.PublishedOn);
        Assert.Equal(new DateOnly(2024, 3, 20), resource.EventDate);
        Assert.Equal(["Commande publique", "Métropoles"], resource.Categories.Select(c => c.Name).Order());
        Assert.Equal(["Élise Dupré", "Mahel Coppey"], resource.Speakers.OrderBy(s => s.Position).Select(s => s.Speaker.Name));
        Assert.Equal("Kit MunicipalESS", resource.Series?.Name);
        Assert.Equal(4, resource.SeriesNumber);
        Assert.Equal(["https://vimeo.com/76979871", "https://www.rtes.fr/"], resource.Links.OrderBy(l => l.Position).Select(l => l.Url));
        Assert.Null(resource.PublishAt);
        Assert.Contains(report.Rows[0].Notes, n => n.Contains("thématique « Commande publique » créée", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CommaSeparatedFilesAreDetected()
    {
        using var site = new RtesWebFactory();

        var report = await ImportAsync(site, "title,kind,private\n\"Étude, avec virgule\",étude,non\n");

        Assert.True(report.Succeeded);
        Assert.True(await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.Title == "Étude, avec virgule")));
    }

    [Fact]
    public async Task DryRunReportsEveryProblemByRowAndWritesNothing()
    {
        using var site = new RtesWebFactory();
        var before = await site.WithDbAsync(db => db.Resources.CountAsync());
        const string csv =
            "title;kind;published_on;private;slug;couleur\n" +
            ";fiche;2024-01-01;non;;bleu\n" +
            "Deux;podcast;31/02/2024;peut-être;;rouge\n" +
            "Trois;fiche;;non;meme-adresse;vert\n" +
            "Quatre;fiche;;non;meme-adresse;jaune\n";

        var report = await ImportAsync(site, csv, dryRun: true);

        Assert.False(report.Applied);
        Assert.Contains(report.FileProblems, p => p.Contains("Colonne inconnue « couleur »", StringComparison.Ordinal));
        Assert.Equal([2, 3, 4, 5], report.Rows.Select(r => r.Number));
        Assert.Contains(report.Rows[0].Problems, p => p.Contains("titre manquant", StringComparison.Ordinal));
        Assert.Contains(report.Rows[1].Problems, p => p.Contains("type « podcast » inconnu", StringComparison.Ordinal));
        Assert.Contains(report.Rows[1].Problems, p => p.Contains("date « 31/02/2024 » invalide", StringComparison.Ordinal));
        Assert.Contains(report.Rows[1].Problems, p => p.Contains("« peut-être » invalide pour private", StringComparison.Ordinal));
        Assert.Empty(report.Rows[2].Problems);
        Assert.Contains(report.Rows[3].Problems, p => p.Contains("en double dans le fichier", StringComparison.Ordinal));
        Assert.Equal(before, await site.WithDbAsync(db => db.Resources.CountAsync()));
    }

    [Fact]
    public async Task OneBadRowMeansNothingIsImported()
    {
        using var site = new RtesWebFactory();
        var before = await site.WithDbAsync(db => db.Resources.CountAsync());

        var report = await ImportAsync(site, "title;kind\nBonne ligne;fiche\nMauvaise ligne;inconnu\n");

        Assert.False(report.Applied);
        Assert.Equal(1, report.Failed);
        Assert.Equal(before, await site.WithDbAsync(db => db.Resources.CountAsync()));
    }

    [Fact]
    public async Task PublishedImportsAreFoundBySearchRightAfterTheImport()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();

        var report = await ImportAsync(site, "title;kind;summary;status\nLes hydroliennes citoyennes;fiche;Un résumé.;publiée\nBrouillon sur les hydroliennes;fiche;Un résumé.;brouillon\n");

        Assert.True(report.Applied);
        var page = await client.GetDocumentAsync("/ressources?q=hydroliennes");
        Assert.Equal(["Les hydroliennes citoyennes"], page.CardTitles());
    }

    [Fact]
    public async Task ImportingTheSameFileTwiceUpdatesAndNeverDuplicates()
    {
        using var site = new RtesWebFactory();

        await ImportAsync(site, TrickyCsv);
        var afterFirst = await site.WithDbAsync(async db => (Count: await db.Resources.CountAsync(), Revisions: await db.ResourceRevisions.CountAsync()));
        var second = await ImportAsync(site, TrickyCsv);
        var afterSecond = await site.WithDbAsync(async db => (Count: await db.Resources.CountAsync(), Revisions: await db.ResourceRevisions.CountAsync()));
        var changed = TrickyCsv.Replace("15/03/2024", "16/03/2024", StringComparison.Ordinal);
        var third = await ImportAsync(site, changed);

        Assert.True(second.Applied);
        Assert.Equal("inchangée", second.Rows[0].Action);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal("mise à jour", third.Rows[0].Action);
        Assert.Equal(new DateOnly(2024, 3, 16), await site.WithDbAsync(db => db.Resources.Where(r => r.ExternalId == "ext-4").Select(r => r.PublishedOn).SingleAsync()));
        Assert.Equal(afterFirst.Revisions + 1, await site.WithDbAsync(db => db.ResourceRevisions.CountAsync()));
    }

    [Fact]
    public async Task JsonLinesUseTheSameNames()
    {
        using var site = new RtesWebFactory();
        const string jsonl =
            "{\"title\":\"Depuis JSON\",\"kind\":\"Vidéo\",\"private\":true,\"categories\":[\"Le RTES\",\"Métropoles\"],\"speakers\":[\"Anne-Laure Federici, déléguée générale\"],\"summary\":\"Ligne 1\\nLigne 2\"}\n" +
            "\n" +
            "{\"title\":\"Second\",\"kind\":\"fiche\",\"published_on\":\"2025-01-02\"}\n";

        var report = await ImportAsync(site, jsonl, TransferFormat.JsonLines);

        Assert.True(report.Succeeded, string.Join(" / ", report.Rows.SelectMany(r => r.Problems)));
        var imported = await site.WithDbAsync(db => db.Resources.Include(r => r.Categories).SingleAsync(r => r.Title == "Depuis JSON"));
        Assert.True(imported.IsPrivate);
        Assert.Equal(2, imported.Categories.Count);
        Assert.Equal("Ligne 1\nLigne 2", imported.SummaryMarkdown);
    }

    [Fact]
    public async Task TwoThousandRowsImportInOneGo()
    {
        // A fresh installation: its kinds come from the migrations.
        using var site = new RtesWebFactory { SeedDemoData = false };
        var csv = new StringBuilder("external_id;title;kind;categories;summary;published_on\n");
        for (var i = 1; i <= 2000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"n{i};Ressource importée n°{i};fiche;Thème {i % 7};\"Résumé {i}; avec \"\"guillemets\"\"\";2024-01-{1 + (i % 28):00}\n");
        }

        var report = await ImportAsync(site, csv.ToString());

        Assert.True(report.Succeeded);
        Assert.Equal(2000, await site.WithDbAsync(db => db.Resources.CountAsync()));
        Assert.Equal(7, await site.WithDbAsync(db => db.Categories.CountAsync()));
    }

    /// <summary>A fresh installation without the demo data: only what the migrations create (the kinds).</summary>
    private static RtesWebFactory FreshSite() => new() { SeedDemoData = false };

    private static string LargeJsonLines(int rows, int badRowsAtTheEnd = 0)
    {
        var text = new StringBuilder();
        for (var i = 1; i <= rows + badRowsAtTheEnd; i++)
        {
            var title = i > rows ? "" : $"Ressource n°{i} sur la commande publique";
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{{\"external_id\":\"big-{i}\",\"title\":\"{title}\",\"kind\":\"fiche\",\"categories\":[\"Thème {i % 9}\"],\"speakers\":[\"Personne {i % 40}, élue\"],\"series\":\"Série {i % 5}\",\"summary\":\"Résumé **{i}**\",\"status\":\"{(i % 2 == 0 ? "publiée" : "brouillon")}\"}}\n");
        }

        return text.ToString();
    }

    [Fact]
    public async Task AFileOverTheOldTenThousandRowLimitIsImported()
    {
        using var site = FreshSite();
        const int Rows = 11_000;

        var report = await ImportAsync(site, LargeJsonLines(Rows), TransferFormat.JsonLines);

        Assert.True(report.Succeeded, string.Join(" / ", report.FileProblems.Concat(report.Rows.SelectMany(r => r.Problems))));
        Assert.True(report.Applied);
        Assert.Equal(Rows, report.RowCount);
        Assert.Equal(Rows, report.Created);
        Assert.Equal(9 + 40 + 5, report.NewTerms);
        Assert.Empty(report.Rows);
        Assert.True(report.Abridged);
        var counts = await site.WithDbAsync(async db => (
            Resources: await db.Resources.CountAsync(),
            Published: await db.Resources.CountAsync(r => r.PublishAt != null),
            Revisions: await db.ResourceRevisions.CountAsync(),
            Rendered: await db.Resources.CountAsync(r => r.SummaryHtml.Contains("<strong>")),
            Links: await db.ResourceSpeakers.CountAsync()));
        Assert.Equal((Rows, Rows / 2, Rows, Rows, Rows), counts);
    }

    [Fact]
    public async Task BadRowsAtTheEndOfALargeFileRefuseItAllAndTheReportListsOnlyTheFirstProblems()
    {
        using var site = FreshSite();
        const int Good = 3_000;
        const int Bad = 150;

        var report = await ImportAsync(site, LargeJsonLines(Good, Bad), TransferFormat.JsonLines);

        Assert.False(report.Applied);
        Assert.Equal(Good + Bad, report.RowCount);
        Assert.Equal(Bad, report.Failed);
        Assert.Equal(CatalogueImport.ListedProblemsLimit, report.Rows.Count);
        Assert.All(report.Rows, r => Assert.Contains(r.Problems, p => p.Contains("titre manquant", StringComparison.Ordinal)));
        Assert.Equal(Good + 1, report.Rows[0].Number);
        Assert.Equal(0, await site.WithDbAsync(db => db.Resources.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.Categories.CountAsync()));
    }

    /// <summary>
    /// Rows over several batches (rendered ahead while the batch before is saved, the last ones by the
    /// save itself), then the same rows changed: every resource holds what saving it alone would give.
    /// </summary>
    [Fact]
    public async Task BatchedImportsStoreWhatSavingEachResourceAloneWouldStore()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        var rows = (2 * CatalogueImport.BatchSize) + 37;
        var random = new Random(42);
        var bodies = Enumerable.Range(0, rows).Select(_ => Content.RandomMarkdown.Document(random)).ToList();
        string File(Func<int, string> title, Func<int, string> body) => string.Concat(Enumerable.Range(0, rows).Select(i =>
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["external_id"] = $"lot-{i}",
                ["title"] = title(i),
                ["kind"] = "fiche",
                ["summary"] = $"Résumé n°{i} : {bodies[(i + 1) % rows].Split('\n')[0]}",
                ["body"] = body(i),
            }) + "\n"));

        var created = await ImportAsync(site, File(i => $"Ressource n°{i}", i => bodies[i]), TransferFormat.JsonLines);
        var changed = await ImportAsync(site, File(i => i % 3 == 0 ? $"Ressource n°{i}, titre changé" : $"Ressource n°{i}", i => i % 2 == 0 ? bodies[i] + "\r\n\nAjout." : bodies[i]), TransferFormat.JsonLines);

        Assert.True(created.Succeeded && created.Applied && changed.Applied);
        Assert.Equal((rows, 0), (created.Created, created.Updated));
        var expectedUpdates = Enumerable.Range(0, rows).Count(i => i % 3 == 0 || i % 2 == 0);
        Assert.Equal((expectedUpdates, rows - expectedUpdates), (changed.Updated, changed.Unchanged));
        var renderer = new MarkdownRendererForTests();
        var resources = await site.WithDbAsync(db => db.Resources.AsNoTracking().Include(r => r.Categories).Include(r => r.Speakers).Include(r => r.Links).OrderBy(r => r.Id).ToListAsync());
        var revisions = await site.WithDbAsync(db => db.ResourceRevisions.AsNoTracking().ToListAsync());
        var changes = await site.WithDbAsync(db => db.SearchIndexChanges.AsNoTracking().ToListAsync());
        Assert.Equal(rows, resources.Count);
        foreach (var resource in resources)
        {
            var i = int.Parse(resource.ExternalId!["lot-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var updated = i % 3 == 0 || i % 2 == 0;
            Assert.Equal(updated ? 1 : 0, resource.Version);
            Assert.Equal(i % 2 == 0 ? (bodies[i] + "\n\nAjout.").Trim() : bodies[i].Trim(), resource.BodyMarkdown);
            Assert.Equal(renderer.HtmlAsBefore(resource.SummaryMarkdown), resource.SummaryHtml);
            Assert.Equal(renderer.HtmlAsBefore(resource.BodyMarkdown), resource.BodyHtml);
            Assert.Equal(renderer.Renderer.ToExcerpt(resource.SummaryMarkdown, RtesResources.Web.Domain.Resource.ExcerptMaxLength), resource.Excerpt);
            Assert.Equal(RtesResources.Web.Features.Content.SearchText.Normalize(resource.Title + "\n" + resource.SummaryMarkdown), resource.SearchText);
            Assert.Equal(RtesResources.Web.Features.Content.SearchText.Normalize(resource.BodyMarkdown), resource.BodySearchText);

            // A revision per save, the last holding the resource as it is; a search-index change per save.
            var history = revisions.Where(r => r.ResourceId == resource.Id).OrderBy(r => r.Number).ToList();
            Assert.Equal(updated ? 2 : 1, history.Count);
            Assert.Equal(Enumerable.Range(1, history.Count), history.Select(r => r.Number));
            Assert.Equivalent(ResourceSnapshot.Of(resource), ResourceSnapshot.FromJson(history[^1].SnapshotJson), strict: true);
            Assert.Equal(updated ? 2 : 1, changes.Count(c => c.ResourceId == resource.Id));
        }
    }

    [Fact]
    public async Task TheImportsConnectionSettingsArePutBackForTheNextUser()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        async Task<(long CacheSize, long TempStore)> SettingsAsync() => await site.WithDbAsync(async db =>
        {
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA cache_size";
            var cacheSize = (long)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA temp_store";
            return (cacheSize, (long)(await command.ExecuteScalarAsync())!);
        });
        var before = await SettingsAsync();

        var report = await ImportAsync(site, LargeJsonLines(30), TransferFormat.JsonLines);

        Assert.True(report.Applied);
        Assert.Equal(before, await SettingsAsync());
    }

    [Fact]
    public async Task TheStatusColumnPublishesSchedulesOrLeavesADraftAndIsCheckedByTheDryRun()
    {
        using var site = new RtesWebFactory();
        const string header = "external_id;title;kind;status\n";
        var rows =
            "st-1;Publiée à l'import;fiche;publiée\n" +
            "st-2;Programmée;fiche;2030-01-15T09:00:00+01:00\n" +
            "st-3;Brouillon explicite;fiche;brouillon\n" +
            "st-4;Sans statut;fiche;\n";

        var dry = await ImportAsync(site, header + rows + "st-5;Statut inconnu;fiche;en ligne\n", dryRun: true);
        var report = await ImportAsync(site, header + rows);
        var states = await site.WithDbAsync(db => db.Resources.Where(r => r.ExternalId!.StartsWith("st-")).OrderBy(r => r.ExternalId).Select(r => r.PublishAt).ToListAsync());
        var again = await ImportAsync(site, "external_id;title;kind\nst-1;Publiée à l'import;fiche\n");
        var unpublished = await ImportAsync(site, "external_id;title;kind;status\nst-1;Publiée à l'import;fiche;brouillon\n");

        Assert.Equal(1, dry.Failed);
        Assert.Contains(dry.Rows[4].Problems, p => p.Contains("« en ligne » invalide pour status", StringComparison.Ordinal));
        Assert.True(report.Succeeded);
        Assert.NotNull(states[0]);
        Assert.Equal(new DateTime(2030, 1, 15, 8, 0, 0, DateTimeKind.Utc), states[1]);
        Assert.Null(states[2]);
        Assert.Null(states[3]);
        Assert.Equal("inchangée", again.Rows[0].Action);
        Assert.Equal("mise à jour", unpublished.Rows[0].Action);
        Assert.Null(await site.WithDbAsync(db => db.Resources.Where(r => r.ExternalId == "st-1").Select(r => r.PublishAt).SingleAsync()));
    }

    [Fact]
    public async Task PublishOptionPublishesRowsWithoutStatusAndRowsWithAStatusKeepTheirs()
    {
        using var site = FreshSite();
        using var folder = new RtesResources.Tests.Data.TempFolder();
        var file = Path.Combine(folder.Path, "catalogue.csv");
        await File.WriteAllTextAsync(file,
            "external_id;title;kind;status\n" +
            "p-1;Sans statut, publiée par l'option;fiche;\n" +
            "p-2;Sans statut non plus;Étude;\n" +
            "p-3;Brouillon voulu;fiche;brouillon\n" +
            "p-4;Programmée plus tard;video;2030-01-15T09:00:00+01:00\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var dry = await CommandLine.RunAsync(site.Services, ["import", file, "--dry-run", "--publish"], output, error);
        var writtenByDryRun = await site.WithDbAsync(db => db.Resources.CountAsync());
        var real = await CommandLine.RunAsync(site.Services, ["import", file, "--publish"], output, error);
        var states = await site.WithDbAsync(db => db.Resources.OrderBy(r => r.ExternalId).Select(r => new { r.Slug, r.PublishAt }).ToListAsync());
        using var anonymous = site.CreateClient();
        var published = await anonymous.GetAsync($"/ressources/{states[0].Slug}");
        var draft = await anonymous.GetAsync($"/ressources/{states[2].Slug}");

        Assert.Equal((0, 0), (dry, real));
        Assert.Equal(0, writtenByDryRun);
        Assert.Contains("4 à créer, 0 à mettre à jour, 0 nouveau(x) terme(s), 2 à publier, 1 à programmer ; rien n'a été écrit.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("ligne 2 (sans-statut-publiee-par-l-option) : à créer ; publiée", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("publication programmée le 15 janvier 2030 à 09:00", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("4 créée(s), 0 mise(s) à jour, 0 inchangée(s), 0 nouveau(x) terme(s) ; 2 publiée(s), 1 programmée(s).", output.ToString(), StringComparison.Ordinal);
        Assert.NotNull(states[0].PublishAt);
        Assert.NotNull(states[1].PublishAt);
        Assert.Null(states[2].PublishAt);
        Assert.Equal(new DateTime(2030, 1, 15, 8, 0, 0, DateTimeKind.Utc), states[3].PublishAt);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
    }

    [Fact]
    public async Task WithoutThePublishOptionRowsWithoutStatusStayDraftsAndExistingOnesKeepTheirState()
    {
        using var site = FreshSite();
        using var folder = new RtesResources.Tests.Data.TempFolder();
        var file = Path.Combine(folder.Path, "catalogue.jsonl");
        await File.WriteAllTextAsync(file, "{\"external_id\":\"d-1\",\"title\":\"Un brouillon\",\"kind\":\"fiche\"}\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var first = await CommandLine.RunAsync(site.Services, ["import", file], output, error);
        var draft = await site.WithDbAsync(db => db.Resources.Select(r => r.PublishAt).SingleAsync());
        var published = await CommandLine.RunAsync(site.Services, ["import", file, "--publish"], output, error);
        var publishedAt = await site.WithDbAsync(db => db.Resources.Select(r => r.PublishAt).SingleAsync());
        var again = await CommandLine.RunAsync(site.Services, ["import", file], output, error);
        var misspelt = await CommandLine.RunAsync(site.Services, ["import", file, "--publsh"], output, error);

        Assert.Equal((0, 0, 0, 2), (first, published, again, misspelt));
        Assert.Null(draft);
        Assert.NotNull(publishedAt);
        Assert.Equal(publishedAt, await site.WithDbAsync(db => db.Resources.Select(r => r.PublishAt).SingleAsync()));
        Assert.Equal(2, await site.WithDbAsync(db => db.ResourceRevisions.CountAsync()));
    }

    [Theory]
    [InlineData(TransferFormat.Csv)]
    [InlineData(TransferFormat.JsonLines)]
    public async Task ExportThenImportChangesNothing(TransferFormat format)
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var fiche = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            fiche.ExternalId = "rtes-fiche-3";
            await db.SaveChangesAsync();
        });
        var before = await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.SummaryMarkdown, r.BodyMarkdown }).ToListAsync());
        byte[] exported;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            exported = await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(format);
        }

        var report = await ImportAsync(site, Encoding.UTF8.GetString(exported).TrimStart('\uFEFF'), format);

        Assert.True(report.Succeeded, string.Join(" / ", report.FileProblems.Concat(report.Rows.SelectMany(r => r.Problems))));
        Assert.All(report.Rows, r => Assert.Equal("inchangée", r.Action));
        Assert.Equal(before, await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.SummaryMarkdown, r.BodyMarkdown }).ToListAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.ResourceRevisions.CountAsync()));
    }

    [Fact]
    public async Task CsvExportEscapesSpreadsheetFormulasAndImportReadsThemBackUnchanged()
    {
        using var site = new RtesWebFactory();
        string[] tricky = ["=HYPERLINK(\"https://exemple.fr\";\"cliquez\")", "- premier point\n- second point", "+ plus", "@SOMME(A1:A2)", "'apostrophe initiale", "''deux apostrophes"];
        await site.WithDbAsync(async db =>
        {
            var resources = await db.Resources.OrderBy(r => r.Id).Take(3).ToListAsync();
            resources[0].Title = tricky[0];
            resources[0].SummaryMarkdown = tricky[1];
            resources[0].BodyMarkdown = tricky[2];
            resources[1].Title = tricky[4];
            resources[1].SourceType = tricky[3];
            resources[2].Title = tricky[5];
            await db.SaveChangesAsync();
        });
        var before = await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.Title, r.SummaryMarkdown, r.BodyMarkdown, r.SourceType, r.Licence }).ToListAsync());
        byte[] exported;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            exported = await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(TransferFormat.Csv);
        }

        var cells = new List<string>();
        using (var reader = CsvHelper.CsvReader.Create(new StringReader(Encoding.UTF8.GetString(exported).TrimStart('\uFEFF')), new CsvHelper.CsvReaderOptions { Separator = ';', HasHeader = true, AllowLineBreaksInQuotes = true }))
        {
            while (reader.Read())
            {
                cells.AddRange(Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? ""));
            }
        }

        var report = await ImportAsync(site, Encoding.UTF8.GetString(exported).TrimStart('\uFEFF'));

        // No cell a spreadsheet would run as a formula; the escape (a leading apostrophe) is read back off.
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@\t\r".Contains(c[0], StringComparison.Ordinal));
        Assert.Contains("'" + tricky[0], cells);
        Assert.Contains("'" + tricky[4], cells);
        Assert.True(report.Succeeded, string.Join(" / ", report.FileProblems.Concat(report.Rows.SelectMany(r => r.Problems))));
        Assert.All(report.Rows, r => Assert.Equal("inchangée", r.Action));
        Assert.Equal(before, await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.Title, r.SummaryMarkdown, r.BodyMarkdown, r.SourceType, r.Licence }).ToListAsync()));
    }

    [Fact]
    public async Task CommandLineImportExitsNonZeroWhenARowFails()
    {
        using var site = new RtesWebFactory();
        using var folder = new RtesResources.Tests.Data.TempFolder();
        var good = Path.Combine(folder.Path, "bon.csv");
        var bad = Path.Combine(folder.Path, "mauvais.csv");
        var exported = Path.Combine(folder.Path, "catalogue.jsonl");
        await File.WriteAllTextAsync(good, "title;kind\nDepuis la CLI;fiche\n");
        await File.WriteAllTextAsync(bad, "title;kind\n;fiche\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var dry = await CommandLine.RunAsync(site.Services, ["import", good, "--dry-run"], output, error);
        var existsAfterDry = await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.Title == "Depuis la CLI"));
        var real = await CommandLine.RunAsync(site.Services, ["import", good], output, error);
        var failed = await CommandLine.RunAsync(site.Services, ["import", bad], output, error);
        var export = await CommandLine.RunAsync(site.Services, ["export", exported], output, error);

        Assert.Equal(0, dry);
        Assert.False(existsAfterDry);
        Assert.Equal(0, real);
        Assert.True(await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.Title == "Depuis la CLI")));
        Assert.Equal(1, failed);
        Assert.Contains("titre manquant", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, export);
        Assert.Contains("Depuis la CLI", await File.ReadAllTextAsync(exported), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackOfficeImportShowsTheReport()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("import@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("import@rtes.fr");
        var page = await editor.GetDocumentAsync("/admin/import");
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("true"), "essai" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("title;kind\nEssai en ligne;fiche\n;fiche\n")), "fichier", "essai.csv" },
        };

        using var response = await editor.PostAsync("/admin/import", content);
        var report = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Rapport d'essai", report.QuerySelector("#titre-rapport")?.TextContent.Trim());
        Assert.Equal(2, report.QuerySelectorAll(".import-report tbody tr").Length);
        Assert.Single(report.QuerySelectorAll(".import-report tr.row-error"));
        using var csv = await editor.GetAsync("/admin/export.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
    }
}

/// <summary>The renderer, and its rendering as it was before the allowlist (the sanitizer on everything).</summary>
internal sealed class MarkdownRendererForTests
{
    public RtesResources.Web.Features.Content.MarkdownRenderer Renderer { get; } = new();

    public string HtmlAsBefore(string markdown) => string.IsNullOrWhiteSpace(markdown) ? "" : Renderer.ToSafeHtmlAsBefore(markdown);
}

