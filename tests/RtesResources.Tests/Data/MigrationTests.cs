using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace RtesResources.Tests.Data;

public class MigrationTests
{
    [Fact]
    public void SqliteMigrationsMatchTheModel()
    {
        using var db = TestDatabases.CreateSqliteContext("Data Source=:memory:");

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: run scripts/add-migration.sh NAME.");
    }

    [Fact]
    public void SqlServerMigrationsMatchTheModel()
    {
        using var db = TestDatabases.CreateSqlServerContext();

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed: run scripts/add-migration.sh NAME.");
    }

    [Fact]
    public void BothProvidersHaveTheSameMigrations()
    {
        using var sqlite = TestDatabases.CreateSqliteContext("Data Source=:memory:");
        using var sqlServer = TestDatabases.CreateSqlServerContext();

        static IEnumerable<string> Names(DbContext db) => db.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void SqlServerIdempotentScriptGeneratesWithoutAServer()
    {
        using var db = TestDatabases.CreateSqlServerContext();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Resources]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Resources_Slug]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
    }

    [Fact]
    public void TheIdempotentSqlServerScriptGuardsEveryMigration()
    {
        using var db = TestDatabases.CreateSqlServerContext();
        var migrations = db.Database.GetMigrations().ToList();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.NotEmpty(migrations);
        Assert.False(string.IsNullOrWhiteSpace(script));
        foreach (var id in migrations)
        {
            // Each migration's statements run only when the history table lacks its row, and record it.
            Assert.Matches(@"IF NOT EXISTS\s*\(\s*SELECT \* FROM \[__EFMigrationsHistory\]\s*WHERE \[MigrationId\] = N'" + id + @"'\s*\)\s*BEGIN", script);
            Assert.Contains($"VALUES (N'{id}', N'", script, StringComparison.Ordinal);
        }

        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqliteMigrationsCreateAWorkingDatabaseFile()
    {
        using var folder = new TempFolder();
        await using var db = TestDatabases.CreateSqliteContext($"Data Source={Path.Combine(folder.Path, "m.db")}");

        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Resources.CountAsync());
    }
}
