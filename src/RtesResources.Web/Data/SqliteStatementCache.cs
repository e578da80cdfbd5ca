using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RtesResources.Web.Data;

/// <summary>
/// Keeps SQLite's prepared statements from one command to the next while a bulk writer runs. EF Core
/// creates a new command for every INSERT it sends, and SQLite then parses and plans the statement
/// again each time: about 0.1 ms for a resource (two dozen columns, seven indexes), more than the
/// insert itself. While enabled, a command whose text was seen before runs on a kept command of the
/// same text with the new command's parameters, so that its statement is only reset and bound again.
/// Off by default: only the import turns it on, for its own connection and for as long as it runs.
/// </summary>
/// <remarks>Scoped, like the context it joins; commands run one at a time on a context's connection.</remarks>
public sealed class SqliteStatementCache : DbCommandInterceptor, IDisposable
{
    /// <summary>A bulk writer sends a handful of distinct statements: a bound in case one sends more.</summary>
    private const int MaxStatements = 64;

    private readonly Dictionary<string, Kept> _kept = new(StringComparer.Ordinal);
    private bool _enabled;

    /// <summary>Turns the cache on until the returned scope is disposed, which also finalizes the kept statements.</summary>
    public IDisposable Enable()
    {
        _enabled = true;
        return new Scope(this);
    }

    public int Count => _kept.Count;

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        !result.HasResult && Reuse(command) is { } kept
            ? InterceptionResult<DbDataReader>.SuppressWithResult(kept.Track(kept.Command.ExecuteReader()))
            : result;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        !result.HasResult && Reuse(command) is { } kept
            ? InterceptionResult<DbDataReader>.SuppressWithResult(kept.Track(await kept.Command.ExecuteReaderAsync(cancellationToken)))
            : result;

    public void Dispose() => Disable();

    private Kept? Reuse(DbCommand command)
    {
        if (!_enabled || command is not SqliteCommand sqlite || sqlite.Connection is null)
        {
            return null;
        }

        if (!_kept.TryGetValue(sqlite.CommandText, out var kept))
        {
            if (_kept.Count >= MaxStatements)
            {
                return null;
            }

            kept = new Kept(sqlite.Connection.CreateCommand());
            kept.Command.CommandText = sqlite.CommandText;
            _kept.Add(sqlite.CommandText, kept);
        }

        // Kept for another connection, or its last reader still open: run the command as EF made it.
        if (kept.Command.Connection != sqlite.Connection || kept.Busy)
        {
            return null;
        }

        kept.Command.Transaction = sqlite.Transaction;
        kept.Command.CommandTimeout = sqlite.CommandTimeout;
        kept.Command.Parameters.Clear();
        foreach (SqliteParameter parameter in sqlite.Parameters)
        {
            kept.Command.Parameters.Add(parameter);
        }

        return kept;
    }

    private void Disable()
    {
        _enabled = false;
        foreach (var kept in _kept.Values)
        {
            kept.Command.Dispose();
        }

        _kept.Clear();
    }

    private sealed class Kept(SqliteCommand command)
    {
        private DbDataReader? _reader;

        public SqliteCommand Command { get; } = command;

        public bool Busy => _reader is { IsClosed: false };

        public DbDataReader Track(DbDataReader reader) => _reader = reader;
    }

    private sealed class Scope(SqliteStatementCache cache) : IDisposable
    {
        public void Dispose() => cache.Disable();
    }
}
