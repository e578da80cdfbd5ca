using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Operations;

/// <summary>
/// "migrate" through the executable's code path (CommandHost, in the test's process, with the settings
/// of a Production run): it names what it applies, and with --script it writes the SQL for a database
/// administrator instead of applying it.
/// </summary>
public sealed partial class MigrateCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SiteExecutable _executable;
    private readonly IReadOnlyList<string> _migrations;

    public MigrateCommandTests()
    {
        _executable = new SiteExecutable(_folder.Path);
        _executable.Environment["Database__SeedDemoData"] = "false";
        using var db = TestDatabases.CreateSqliteContext("Data Source=:memory:");
        _migrations = db.Database.GetMigrations().ToList();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TheScriptOfAFreshDatabaseHoldsEveryMigrationAndAppliesNothing()
    {
        var script = await _executable.RunInProcessAsync("migrate", "--script");

        Assert.True(script.ExitCode == 0, script.Error);
        Assert.Contains("CREATE TABLE \"Resources\"", script.Output, StringComparison.Ordinal);
        Assert.All(_migrations, id => Assert.Contains($"VALUES ('{id}', ", script.Output, StringComparison.Ordinal));
        Assert.Empty(await TablesAsync(_executable.DatabasePath));

        // The script, run by hand on an empty database, leaves it as "migrate" would: nothing pending.
        var byHand = Path.Combine(_folder.Path, "a-la-main.db");
        await using (var connection = new SqliteConnection($"Data Source={byHand};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = script.Output;
            await command.ExecuteNonQueryAsync();
        }

        await using var migrated = TestDatabases.CreateSqliteContext($"Data Source={byHand};Pooling=False");
        Assert.Empty(await migrated.Database.GetPendingMigrationsAsync());
        Assert.Equal(6, await migrated.ResourceKinds.CountAsync());
    }

    [Fact]
    public async Task MigrateNamesWhatItAppliesThenTheScriptIsEmpty()
    {
        var first = await _executable.RunInProcessAsync("migrate");
        var again = await _executable.RunInProcessAsync("migrate");
        var script = await _executable.RunInProcessAsync("migrate", "--script");

        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal([.. _migrations.Select(id => $"Migration appliquée : {id}"), "La base de données est à jour."], Lines(first.Output));
        Assert.Equal(["La base de données est à jour."], Lines(again.Output));
        Assert.True(script.ExitCode == 0, script.Error);
        Assert.Equal(["-- La base de données est à jour : aucune migration à appliquer."], Lines(script.Output));
    }

    [Fact]
    public async Task TheScriptStartsAfterTheLastAppliedMigration()
    {
        await _executable.RunInProcessAsync("migrate");
        var last = _migrations[^1];
        await using (var connection = new SqliteConnection($"Data Source={_executable.DatabasePath};Pooling=False"))
        {
            // As a database left one migration behind: its history lacks the last row.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = $id";
            command.Parameters.AddWithValue("$id", last);
            await command.ExecuteNonQueryAsync();
        }

        var script = await _executable.RunInProcessAsync("migrate", "--script");

        Assert.True(script.ExitCode == 0, script.Error);
        Assert.Equal([last], HistoryInserts().Matches(script.Output).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task TheIdempotentScriptOfSqlServerNeedsNoServer()
    {
        var environment = new Dictionary<string, string>
        {
            ["Database__Provider"] = "SqlServer",
            ["ConnectionStrings__Default"] = "Server=unreachable.invalid;Database=RtesResources;User Id=none;Password=none;Connect Timeout=1",
        };

        using var sqlServer = TestDatabases.CreateSqlServerContext();
        var migrations = sqlServer.Database.GetMigrations().ToList();

        var script = await _executable.RunInProcessAsync(environment, null, ["migrate", "--script", "--idempotent"]);

        Assert.True(script.ExitCode == 0, script.Error);
        Assert.NotEmpty(migrations);
        Assert.All(migrations, id => Assert.Contains($"WHERE [MigrationId] = N'{id}'", script.Output, StringComparison.Ordinal));
        Assert.Contains("IF NOT EXISTS", script.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIdempotentScriptIsRefusedOnSqliteAndWithoutScript()
    {
        var sqlite = await _executable.RunInProcessAsync("migrate", "--script", "--idempotent");
        var alone = await _executable.RunInProcessAsync("migrate", "--idempotent");

        Assert.Equal(1, sqlite.ExitCode);
        Assert.Contains("--idempotent n'existe que pour SQL Server", sqlite.Error, StringComparison.Ordinal);
        Assert.Equal("", sqlite.Output);
        Assert.Equal(2, alone.ExitCode);
        Assert.Contains("--idempotent s'utilise avec --script.", alone.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_executable.DatabasePath) && (await TablesAsync(_executable.DatabasePath)).Count > 0);
    }

    [Fact]
    public async Task HelpDescribesTheOptionsInFrench()
    {
        var help = await _executable.RunInProcessAsync("migrate", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Avec --script, écrit leur SQL au lieu de les appliquer.", help.Output, StringComparison.Ordinal);
        Assert.Matches(@"--script\s+N'applique rien", help.Output);
        Assert.Matches(@"--idempotent\s+Avec --script", help.Output);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task<List<string>> TablesAsync(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    [GeneratedRegex("INSERT INTO \"__EFMigrationsHistory\" \\(\"MigrationId\", \"ProductVersion\"\\)\\s*VALUES \\('([^']+)'")]
    private static partial Regex HistoryInserts();
}
