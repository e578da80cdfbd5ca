using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Data;

/// <summary>
/// The SQLite backup is consistent while the site writes and checked before it is kept; a restore
/// checks the file first and never runs under a site that has the database open.
/// </summary>
public sealed class SqliteBackupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rtes-backup-" + Guid.NewGuid().ToString("N"));

    public SqliteBackupTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ABackupWhileTheSiteWritesHoldsEveryChangeCommittedBeforeItAndPassesTheIntegrityCheck()
    {
        using var site = new RtesWebFactory();
        using var writing = new CancellationTokenSource();
        var committed = new List<string>();
        var kind = await site.WithDbAsync(db => db.ResourceKinds.Select(k => k.Id).FirstAsync());

        // A writer that keeps adding resources through the site's own DbContext, one commit at a time.
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                var slug = $"ecriture-continue-{i}";
                await site.WithDbAsync(async db =>
                {
                    db.Resources.Add(new Resource { Slug = slug, Title = $"Écriture continue {i}", KindId = kind, SummaryMarkdown = "Pendant la sauvegarde.", PublishedOn = new DateOnly(2026, 11, 28) });
                    await db.SaveChangesAsync();
                });
                lock (committed)
                {
                    committed.Add(slug);
                }
            }
        });

        await Eventually.ValueAsync(() => Task.FromResult(Count(committed)), n => n >= 20, TimeSpan.FromSeconds(60));
        string[] beforeBackup;
        lock (committed)
        {
            beforeBackup = [.. committed];
        }

        var target = Path.Combine(_folder, "sauvegarde.db");
        var outcome = await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.BackupAsync(target, CancellationToken.None));
        var duringBackup = Count(committed);
        await writing.CancelAsync();
        await writer;

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.True(Count(committed) > beforeBackup.Length || duringBackup > beforeBackup.Length, "The site went on writing.");
        await using var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False");
        await copy.OpenAsync();
        Assert.Equal("ok", await ScalarAsync<string>(copy, "PRAGMA integrity_check"));
        var slugs = new HashSet<string>();
        await using (var read = copy.CreateCommand())
        {
            read.CommandText = "SELECT Slug FROM Resources WHERE Slug LIKE 'ecriture-continue-%'";
            await using var rows = await read.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                slugs.Add(rows.GetString(0));
            }
        }

        Assert.Superset(beforeBackup.ToHashSet(), slugs);
    }

    [Fact]
    public async Task ABackupNeverReplacesAFile()
    {
        using var site = new RtesWebFactory();
        var target = Path.Combine(_folder, "existe.db");
        await File.WriteAllTextAsync(target, "déjà là");

        var outcome = await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.BackupAsync(target, CancellationToken.None));

        Assert.False(outcome.Succeeded);
        Assert.Contains("existe déjà", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("déjà là", await File.ReadAllTextAsync(target));
    }

    [Fact]
    public async Task ARestoreIsRefusedWhileTheSiteRunsAndForAFileThatIsNotABackup()
    {
        using var site = new RtesWebFactory();
        var backup = Path.Combine(_folder, "bonne.db");
        Assert.True((await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.BackupAsync(backup, CancellationToken.None))).Succeeded);

        // The site is running: its process holds the database.
        var running = await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.RestoreAsync(backup, CancellationToken.None));
        Assert.False(running.Succeeded);
        Assert.Contains("arrêtez", running.Message, StringComparison.Ordinal);

        var notSqlite = Path.Combine(_folder, "texte.db");
        await File.WriteAllTextAsync(notSqlite, "ceci n'est pas une base");
        var refused = await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.RestoreAsync(notSqlite, CancellationToken.None));
        Assert.False(refused.Succeeded);
        Assert.Contains("Rien n'a été modifié", refused.Message, StringComparison.Ordinal);

        var foreign = Path.Combine(_folder, "autre.db");
        await using (var other = new SqliteConnection($"Data Source={foreign};Pooling=False"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE Notes (Id INTEGER PRIMARY KEY)";
            await create.ExecuteNonQueryAsync();
        }

        var notOurs = await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.RestoreAsync(foreign, CancellationToken.None));
        Assert.False(notOurs.Succeeded);
        Assert.Contains("ne vient pas de cette application", notOurs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARestoreWithTheSiteStoppedPutsTheBackupBack()
    {
        var backup = Path.Combine(_folder, "avant.db");
        var database = Path.Combine(_folder, "site", "rtes.db");
        using (var site = new RtesWebFactory())
        {
            Assert.True((await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.BackupAsync(backup, CancellationToken.None))).Succeeded);
            // The database of a site that has stopped since, and has lost its resources meanwhile.
            Assert.True((await site.WithServiceAsync<SqliteBackup, BackupOutcome>(b => b.BackupAsync(database, CancellationToken.None))).Succeeded);
        }

        await using (var damaged = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await damaged.OpenAsync();
            await using var delete = damaged.CreateCommand();
            delete.CommandText = "PRAGMA foreign_keys = OFF; DELETE FROM Resources";
            await delete.ExecuteNonQueryAsync();
        }

        // No site runs on it: a command's own services restore the file (as "-- restore" does).
        var services = new ServiceCollection().AddLogging();
        services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite($"Data Source={database}"));
        services.AddScoped<SqliteBackup>();
        await using var provider = services.BuildServiceProvider();
        await using (var scope = provider.CreateAsyncScope())
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<SqliteBackup>().RestoreAsync(backup, CancellationToken.None);
            Assert.True(outcome.Succeeded, outcome.Message);
        }

        SqliteConnection.ClearAllPools();
        await using var restored = new SqliteConnection($"Data Source={database};Pooling=False");
        await restored.OpenAsync();
        Assert.True(await ScalarAsync<long>(restored, "SELECT COUNT(*) FROM Resources") > 0);
        Assert.Equal("ok", await ScalarAsync<string>(restored, "PRAGMA integrity_check"));
    }

    private static int Count(List<string> committed)
    {
        lock (committed)
        {
            return committed.Count;
        }
    }

    private static async Task<T> ScalarAsync<T>(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
