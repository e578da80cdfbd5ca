using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Data;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Data;

/// <summary>A Production installation: `migrate`, no demo data, then the old catalogue imported.</summary>
public class FreshInstallTests
{
    private sealed record Kind(string Slug, string Name, string PluralName);

    private static async Task<List<Kind>> DemoDataKindsAsync()
    {
        await using var file = File.OpenRead(Path.Combine(AppContext.BaseDirectory, DemoDataSeeder.RelativePath));
        using var json = await JsonDocument.ParseAsync(file);
        return json.RootElement.GetProperty("kinds").EnumerateArray()
            .Select(k => new Kind(k.GetProperty("slug").GetString()!, k.GetProperty("name").GetString()!, k.GetProperty("pluralName").GetString()!))
            .ToList();
    }

    [Fact]
    public async Task MigrationsCreateTheSixKindsOfTheDemoDataInItsOrder()
    {
        using var folder = new TempFolder();
        await using var db = TestDatabases.CreateSqliteContext($"Data Source={Path.Combine(folder.Path, "fresh.db")}");

        await db.Database.MigrateAsync();

        var kinds = await db.ResourceKinds.OrderBy(k => k.Position).Select(k => new Kind(k.Slug, k.Name, k.PluralName)).ToListAsync();
        Assert.Equal(await DemoDataKindsAsync(), kinds);
        Assert.Equal([1, 2, 3, 4, 5, 6], await db.ResourceKinds.OrderBy(k => k.Position).Select(k => k.Position).ToListAsync());
    }

    [Fact]
    public void SqlServerScriptInsertsEachKindOnlyWhenItsSlugIsMissing()
    {
        using var db = TestDatabases.CreateSqlServerContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("INSERT INTO [ResourceKinds] ([Slug], [Name], [PluralName], [Position]) SELECT N'etude', N'Étude', N'Études', 3 WHERE NOT EXISTS (SELECT 1 FROM [ResourceKinds] WHERE [Slug] = N'etude');", script, StringComparison.Ordinal);
        Assert.Contains("N'Retour d''échange / compte rendu'", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADatabaseWhoseKindsCameFromTheDemoDataKeepsItsOwnRows()
    {
        using var folder = new TempFolder();
        await using var db = TestDatabases.CreateSqliteContext($"Data Source={Path.Combine(folder.Path, "older.db")}");
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        var kindsMigration = migrations.FindIndex(m => m.EndsWith("_ResourceKindsReferenceData", StringComparison.Ordinal));
        await migrator.MigrateAsync(migrations[kindsMigration - 1]);
        // An older database: a kind the editors renamed, and the kinds in another order (other ids).
        db.ResourceKinds.Add(new RtesResources.Web.Domain.ResourceKind { Slug = "video", Name = "Vidéo courte", PluralName = "Vidéos courtes", Position = 1 });
        db.ResourceKinds.Add(new RtesResources.Web.Domain.ResourceKind { Slug = "fiche", Name = "Fiche", PluralName = "Fiches", Position = 2 });
        await db.SaveChangesAsync();

        await db.Database.MigrateAsync();

        var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Id).ToListAsync();
        Assert.Equal(6, kinds.Count);
        Assert.Equal(["video", "fiche"], kinds.Take(2).Select(k => k.Slug));
        Assert.Equal("Vidéo courte", kinds[0].Name);
    }

    [Fact]
    public async Task KindsAreEditableAndTheDemoDataSeederUsesThemWithoutDuplicates()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.WithDbAsync(async db =>
        {
            var fiche = await db.ResourceKinds.SingleAsync(k => k.Slug == "fiche");
            fiche.Name = "Fiche pratique";
            await db.SaveChangesAsync();
        });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var migrate = await CommandLine.RunAsync(site.Services, ["migrate"], output, error);
        var seed = await CommandLine.RunAsync(site.Services, ["demo-data"], output, error);

        Assert.Equal((0, 0), (migrate, seed));
        Assert.Equal(6, await site.WithDbAsync(db => db.ResourceKinds.CountAsync()));
        Assert.Equal("Fiche pratique", await site.WithDbAsync(db => db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Name).SingleAsync()));
        Assert.Equal("Fiche pratique", await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Fiche3).Select(r => r.Kind.Name).SingleAsync()));
    }

    [Fact]
    public async Task MigrateOnlyThenACommandLineImportCreatesTheRows()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var folder = new TempFolder();
        var csv = Path.Combine(folder.Path, "ancien-site.csv");
        await File.WriteAllTextAsync(csv,
            "title;kind;categories\n" +
            "Une étude sur les tiers-lieux;Étude;Tiers-lieux\n" +
            "Conférence sur la commande publique;Conférence en ligne;Commande publique\n" +
            "Compte rendu d'une rencontre;compte-rendu;\n" +
            "Le diaporama;Diaporamas;\n");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var migrate = await CommandLine.RunAsync(site.Services, ["migrate"], output, error);
        var import = await CommandLine.RunAsync(site.Services, ["import", csv], output, error);

        Assert.Equal(0, migrate);
        Assert.True(import == 0, error.ToString());
        Assert.Contains("4 créée(s)", output.ToString(), StringComparison.Ordinal);
        var kinds = await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => r.Kind.Slug).ToListAsync());
        Assert.Equal(["etude", "conference-en-ligne", "compte-rendu", "diaporama"], kinds);
    }
}
