using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using Testcontainers.MsSql;

namespace RtesResources.Tests.Operations;

/// <summary>
/// The site on a real SQL Server in a container (Testcontainers): the migrations, the idempotent
/// script and an editor's save, publication and search. They need a Docker daemon; without one they
/// are reported as skipped with the reason (never as passed), and .ci/run names them in its summary.
/// </summary>
public sealed partial class SqlServerContainerTests
{
    /// <summary>The image Testcontainers documents for its SQL Server module.</summary>
    private const string Image = "mcr.microsoft.com/mssql/server:2022-CU14-ubuntu-22.04";

    [DockerFact]
    public async Task TheSiteMigratesSavesPublishesAndSearchesOnSqlServer()
    {
        await using var server = new MsSqlBuilder(Image).Build();
        await server.StartAsync();
        using var site = new SqlServerSite(Database(server, "RtesSite"));

        Assert.Empty(await site.WithDbAsync(db => db.Database.GetPendingMigrationsAsync()));
        Assert.Equal(6, await site.WithDbAsync(db => db.ResourceKinds.CountAsync()));
        await site.AddUserAsync("redaction@rtes.example", Roles.Editor);
        using var editor = await site.SignedInClientAsync("redaction@rtes.example");
        var kind = await site.WithDbAsync(db => db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Id).SingleAsync());
        var changesBefore = await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync());

        using (var created = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", new()
        {
            ["Title"] = "Les hydroliennes citoyennes de l'estuaire",
            ["Slug"] = "hydroliennes-citoyennes",
            ["KindId"] = kind.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SourceType"] = "Ressources RTES",
            ["Summary"] = "Une coopérative d'énergie portée par une SCIC.",
            ["Body"] = "Le contenu.",
            ["PublishedOn"] = "2026-11-20",
            ["Version"] = "0",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var saved = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == "hydroliennes-citoyennes").Select(r => new { r.Id, r.Version }).SingleAsync());
        using (var published = await editor.PostFormAsync($"/admin/ressources/{saved.Id}/modifier", $"/admin/ressources/{saved.Id}/publication", new() { ["mode"] = "publier", ["version"] = saved.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) }))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        // The saves wrote their change rows on SQL Server, and the index followed them.
        Assert.True(await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync()) > changesBefore);
        await site.ApplySearchChangesAsync();
        using var visitor = site.CreateClient();
        var found = await visitor.GetDocumentAsync("/ressources?q=hydroliennes+SCIC");
        Assert.Contains("Les hydroliennes citoyennes de l'estuaire", found.CardTitles());
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync("/ressources/hydroliennes-citoyennes")).StatusCode);
    }

    [DockerFact]
    public async Task TheIdempotentScriptAppliesTwiceToSqlServer()
    {
        await using var server = new MsSqlBuilder(Image).Build();
        await server.StartAsync();
        string script;
        using (var offline = TestDatabases.CreateSqlServerContext())
        {
            script = offline.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        }

        var connectionString = Database(server, "RtesScript");
        await using (var master = new SqlConnection(server.GetConnectionString()))
        {
            await master.OpenAsync();
            await using var create = new SqlCommand("CREATE DATABASE [RtesScript]", master);
            await create.ExecuteNonQueryAsync();
        }

        // Twice, as a DBA would on a database of any version: the second run changes nothing.
        await RunBatchesAsync(connectionString, script);
        await RunBatchesAsync(connectionString, script);

        await using var db = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer(connectionString).Options);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(6, await db.ResourceKinds.CountAsync());
    }

    private static string Database(MsSqlContainer server, string name) =>
        new SqlConnectionStringBuilder(server.GetConnectionString()) { InitialCatalog = name, TrustServerCertificate = true }.ConnectionString;

    private static async Task RunBatchesAsync(string connectionString, string script)
    {
        await using var connection = new SqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var batch in BatchSeparator().Split(script).Where(b => !string.IsNullOrWhiteSpace(b)))
        {
            await using var command = new SqlCommand(batch, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline)]
    private static partial Regex BatchSeparator();

    /// <summary>The test site with SQL Server as its database, migrated and seeded at start as on SQLite.</summary>
    private sealed class SqlServerSite(string connectionString) : RtesWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Database:Provider", "SqlServer");
            builder.UseSetting("ConnectionStrings:Default", connectionString);
        }
    }
}

/// <summary>
/// A test that needs a Docker daemon (DOCKER_HOST, or the socket at /var/run/docker.sock answering):
/// skipped with the reason where there is none, so that it is reported as not run.
/// </summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute()
    {
        if (!DockerDaemon.IsReachable)
        {
            Skip = "Docker is not available (DOCKER_HOST unset and no daemon on /var/run/docker.sock): the SQL Server container tests did not run.";
        }
    }
}

internal static class DockerDaemon
{
    private static readonly Lazy<bool> Reachable = new(Probe);

    public static bool IsReachable => Reachable.Value;

    private static bool Probe()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOCKER_HOST")))
        {
            return true;
        }

        const string socket = "/var/run/docker.sock";
        if (!File.Exists(socket))
        {
            return false;
        }

        try
        {
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(socket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
