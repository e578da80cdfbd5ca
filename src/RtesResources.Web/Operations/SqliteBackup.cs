using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;

namespace RtesResources.Web.Operations;

public sealed record BackupOutcome(bool Succeeded, string Message);

/// <summary>
/// Online backup and checked restore of a SQLite database, for small installations (SQL Server has
/// its own backups: docs/operations.md). The backup is <c>VACUUM INTO</c>: one read transaction, so
/// the copy is the database as it was when the backup began, while the site goes on writing; the copy
/// then has to pass <c>PRAGMA integrity_check</c>. A restore checks the file the same way, and that it
/// comes from this application at a migration this build knows, and refuses while a site process has
/// the database open (<see cref="SiteDatabaseLock"/>).
/// </summary>
public sealed class SqliteBackup(AppDbContext db)
{
    public async Task<BackupOutcome> BackupAsync(string destination, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return new(false, "La sauvegarde par cette commande concerne SQLite ; sur SQL Server, utilisez les sauvegardes du serveur (docs/operations.md).");
        }

        var target = Path.GetFullPath(destination);
        if (File.Exists(target) || Directory.Exists(target))
        {
            return new(false, $"« {target} » existe déjà : choisissez un autre fichier (une sauvegarde n'en remplace jamais une autre).");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $target";
            vacuum.Parameters.AddWithValue("$target", target);
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        var problem = await ProblemWithAsync(target, cancellationToken);
        if (problem is not null)
        {
            File.Delete(target);
            return new(false, $"La copie ne passe pas la vérification d'intégrité ({problem}) : elle a été supprimée.");
        }

        return new(true, $"Sauvegarde écrite dans « {target} » ({new FileInfo(target).Length / 1024:N0} Kio), intégrité vérifiée.");
    }

    public async Task<BackupOutcome> RestoreAsync(string source, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return new(false, "La restauration par cette commande concerne SQLite ; sur SQL Server, utilisez les outils du serveur (docs/operations.md).");
        }

        var from = Path.GetFullPath(source);
        if (!File.Exists(from))
        {
            return new(false, $"« {from} » n'existe pas.");
        }

        var problem = await ProblemWithAsync(from, cancellationToken);
        if (problem is not null)
        {
            return new(false, $"« {from} » n'est pas une sauvegarde utilisable : {problem}. Rien n'a été modifié.");
        }

        var migration = await LastMigrationOfAsync(from, cancellationToken);
        var known = db.Database.GetMigrations().ToList();
        if (migration is null || !known.Contains(migration))
        {
            return new(false, $"« {from} » ne vient pas de cette application ou d'une version qu'elle connaît (dernière migration : {migration ?? "aucune"}). Rien n'a été modifié.");
        }

        var target = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (string.Equals(Path.GetFullPath(target), from, StringComparison.Ordinal))
        {
            return new(false, "La sauvegarde et la base sont le même fichier. Rien n'a été modifié.");
        }

        using var siteLock = SiteDatabaseLock.TryHoldAlone(target);
        if (siteLock is null)
        {
            return new(false, "Le site utilise cette base en ce moment : arrêtez chaque instance du site, puis relancez la restauration. Rien n'a été modifié.");
        }

        // No connection of this process may keep the old file (or its journal) open.
        await db.Database.CloseConnectionAsync();
        SqliteConnection.ClearAllPools();
        var staging = target + ".restauration";
        File.Copy(from, staging, overwrite: true);
        foreach (var journal in new[] { target + "-wal", target + "-shm", target + "-journal" })
        {
            File.Delete(journal);
        }

        File.Move(staging, target, overwrite: true);
        return new(true, $"Base restaurée depuis « {from} » (migration {migration}). Les instances du site reconstruiront leur index de recherche au démarrage.");
    }

    /// <summary>Null when the file is a sound SQLite database; otherwise what is wrong, in French.</summary>
    private static async Task<string?> ProblemWithAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            var result = (string?)await check.ExecuteScalarAsync(cancellationToken);
            return result == "ok" ? null : $"vérification d'intégrité : {result}";
        }
        catch (SqliteException exception)
        {
            return $"fichier illisible comme base SQLite ({exception.SqliteErrorCode})";
        }
    }

    private static async Task<string?> LastMigrationOfAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var last = connection.CreateCommand();
            last.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
            return (string?)await last.ExecuteScalarAsync(cancellationToken);
        }
        catch (SqliteException)
        {
            return null;
        }
    }
}

/// <summary>
/// Says "a site process has this database open": every site process holds a shared lock on a file
/// next to the database for as long as it runs (several instances may share one SQLite file); a
/// restore takes it alone or not at all. Commands (backup, import, ...) do not take it.
/// </summary>
public sealed class SiteDatabaseLock(IServiceScopeFactory scopes) : IHostedService, IDisposable
{
    private FileStream? _held;

    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".site-lock";

    /// <summary>The lock held alone (no site process running), or null when a site process holds it.</summary>
    public static FileStream? TryHoldAlone(string databasePath)
    {
        var path = PathFor(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (db.Database.IsSqlite() && new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource is { Length: > 0 } path && path != ":memory:")
        {
            // Shared: other instances may hold it too; only a restore asks for it alone.
            _held = new FileStream(PathFor(path), FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
