using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Infrastructure.Health;

namespace RtesResources.Tests.Data;

/// <summary>
/// The queries of the editor, the back-office lists, the import, the export, access decisions and
/// readiness, run through the services themselves on a SQL Server context (<see cref="SqlServerRecorder"/>):
/// each must translate for SQL Server, which the rest of the suite only checks on SQLite.
/// </summary>
public class SqlServerServiceQueriesTests
{
    private static readonly ClaimsPrincipal Editor = new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "editor-id"), new Claim(ClaimTypes.Name, "redaction@rtes.example")], "Test"));

    [Fact]
    public async Task AccessDecisionsTranslate()
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();

        Assert.False(await new PrivateAccessEvaluator(db, TimeProvider.System).HasPrivateAccessAsync(Editor));

        var sql = Assert.Single(recorder.Commands);
        Assert.Contains("FROM [AspNetUsers]", sql, StringComparison.Ordinal);
        Assert.Contains("[MembershipPeriods]", sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMigrationsReadinessCheckTranslates()
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();

        var result = await new MigrationsHealthCheck(db).CheckHealthAsync(new HealthCheckContext());

        // The recorder's empty database has no history table: every migration is pending.
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains(recorder.Commands, c => c.Contains("__EFMigrationsHistory", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(TermKind.Speaker, "[Speakers]")]
    [InlineData(TermKind.Category, "[Categories]")]
    [InlineData(TermKind.Kind, "[ResourceKinds]")]
    [InlineData(TermKind.Series, "[Series]")]
    public async Task TermListsTranslate(TermKind kind, string table)
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();
        var terms = new TermsService(db);

        Assert.Empty(await terms.ListAsync(kind));
        Assert.Null(await terms.LoadAsync(kind, 1));

        Assert.All(recorder.Commands, c => Assert.Contains(table, c, StringComparison.Ordinal));
        Assert.Equal(2, recorder.Commands.Count);
    }

    [Fact]
    public async Task TheEditorsQueriesTranslate()
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();
        var editor = new ResourceEditorService(db, TimeProvider.System, new LocalFileStore(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Root = Path.GetTempPath() }), new FakeEnvironment()));

        Assert.Null(await editor.LoadAsync(1));
        Assert.False(await editor.PurgeAsync(1));
        var tracked = editor.TrackedWithLists().Where(r => r.Id == 1).ToQueryString();

        Assert.Contains("FROM [Resources]", tracked, StringComparison.Ordinal);
        Assert.NotEmpty(recorder.Commands);
        Assert.All(recorder.Commands, c => Assert.Contains("[Resources]", c, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("brouillon", "resume")]
    [InlineData("programmee", "thematique")]
    [InlineData("publiee", "fichier")]
    [InlineData("corbeille", null)]
    public async Task TheBulkActionsSelectionTranslates(string status, string? missing)
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();
        var bulk = new ResourceBulkService(db, null!, TimeProvider.System, NullLogger<ResourceBulkService>.Instance);
        var query = new ResourceListQuery { Q = "économie 50%", Statut = status, Type = 1, Thematique = 2, Acces = "adherents", Manque = missing };

        await bulk.DescribeAsync(query, CancellationToken.None);

        Assert.NotEmpty(recorder.Commands);
    }

    [Theory]
    [InlineData(TransferFormat.Csv)]
    [InlineData(TransferFormat.JsonLines)]
    public async Task TheExportTranslates(TransferFormat format)
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();

        await new CatalogueExport(db).ExportAsync(format);

        Assert.Contains(recorder.Commands, c => c.Contains("FROM [Resources]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheImportsLookupsTranslate()
    {
        var recorder = new SqlServerRecorder();
        await using var db = recorder.CreateContext();
        var renderer = new MarkdownRenderer();
        using var statements = new SqliteStatementCache();
        var import = new CatalogueImport(db, null!, TimeProvider.System, renderer, new PrerenderedContent(), statements, NullLogger<CatalogueImport>.Instance);
        var csv = "title;kind;categories;speakers;series;series_number;external_id;slug\n" +
            "Une fiche;Fiche;Commande publique | Métropoles;Élise Dupré, chargée de mission, Ville de Lyon;Kit MunicipalESS;4;ext-4;une-fiche\n";

        var report = await import.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), TransferFormat.Csv, dryRun: true, Editor);

        Assert.True(report.DryRun);
        Assert.Contains(recorder.Commands, c => c.Contains("FROM [ResourceKinds]", StringComparison.Ordinal));
        Assert.Contains(recorder.Commands, c => c.Contains("FROM [Resources]", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSeriesCountsOfTheDatabaseCatalogueTranslate()
    {
        using var db = TestDatabases.CreateSqlServerContext();

        var sql = new DatabaseCatalogue(db).SeriesCounts(new CatalogueCriteria { SearchTerms = ["x"], KindId = 1 }).ToQueryString();

        Assert.Contains("GROUP BY", sql, StringComparison.Ordinal);
    }

    private sealed class FakeEnvironment : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = Path.GetTempPath();

        public Microsoft.Extensions.FileProviders.IFileProvider WebRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();

        public string ApplicationName { get; set; } = "RtesResources.Tests";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();

        public string ContentRootPath { get; set; } = Path.GetTempPath();

        public string EnvironmentName { get; set; } = "Testing";
    }
}
