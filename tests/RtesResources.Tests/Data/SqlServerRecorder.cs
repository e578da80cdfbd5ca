using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RtesResources.Web.Data;

namespace RtesResources.Tests.Data;

/// <summary>
/// Runs a feature service's real code on a SQL Server context that never reaches a server: opening
/// the connection, starting a transaction and executing a command are intercepted, every command's SQL
/// is recorded, and each answers as an empty database would (no rows, one row affected): services
/// that expect a row (a count, a Single) cannot run on it, and their queries are checked with ToQueryString. EF Core
/// translates each query for SQL Server before it reaches the interceptor, so a query that does not
/// translate fails the test where the service builds it, without exposing the service's queries.
/// </summary>
public sealed class SqlServerRecorder : IDbCommandInterceptor, IDbConnectionInterceptor, IDbTransactionInterceptor
{
    private readonly List<string> _commands = [];

    public IReadOnlyList<string> Commands => _commands;

    /// <summary>A SQL Server context (unreachable server) whose commands this recorder answers.</summary>
    public SqlServerAppDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=unreachable.invalid;Database=RtesResources;Integrated Security=false;User Id=none;Password=none;Connect Timeout=1")
            .AddInterceptors(this)
            .Options);

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) => InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        ValueTask.FromResult(InterceptionResult.Suppress());

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result) =>
        InterceptionResult<DbTransaction>.SuppressWithResult(new NoTransaction(connection, eventData.IsolationLevel));

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(TransactionStarting(connection, eventData, result));

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        InterceptionResult<DbDataReader>.SuppressWithResult(Record(command, new NoRows()));

    public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ReaderExecuting(command, eventData, result));

    public InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        InterceptionResult<object>.SuppressWithResult(Record(command, (object)DBNull.Value));

    public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(ScalarExecuting(command, eventData, result));

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        InterceptionResult<int>.SuppressWithResult(Record(command, 1));

    public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(NonQueryExecuting(command, eventData, result));

    private T Record<T>(DbCommand command, T answer)
    {
        lock (_commands)
        {
            _commands.Add(command.CommandText);
        }

        return answer;
    }

    /// <summary>
    /// An answer without rows. EF Core buffers split queries and checks the answer has at least as many
    /// columns as the query selects before reading rows: it claims more than any query of the site.
    /// </summary>
    private sealed class NoRows : DbDataReader
    {
        public override int FieldCount => 1024;

        public override int RecordsAffected => 0;

        public override bool HasRows => false;

        public override bool IsClosed => false;

        public override int Depth => 0;

        public override object this[int ordinal] => throw new InvalidOperationException("No row.");

        public override object this[string name] => throw new InvalidOperationException("No row.");

        public override bool Read() => false;

        public override bool NextResult() => false;

        public override bool GetBoolean(int ordinal) => throw new InvalidOperationException("No row.");

        public override byte GetByte(int ordinal) => throw new InvalidOperationException("No row.");

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new InvalidOperationException("No row.");

        public override char GetChar(int ordinal) => throw new InvalidOperationException("No row.");

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new InvalidOperationException("No row.");

        public override string GetDataTypeName(int ordinal) => "sql_variant";

        public override DateTime GetDateTime(int ordinal) => throw new InvalidOperationException("No row.");

        public override decimal GetDecimal(int ordinal) => throw new InvalidOperationException("No row.");

        public override double GetDouble(int ordinal) => throw new InvalidOperationException("No row.");

        public override Type GetFieldType(int ordinal) => typeof(object);

        public override float GetFloat(int ordinal) => throw new InvalidOperationException("No row.");

        public override Guid GetGuid(int ordinal) => throw new InvalidOperationException("No row.");

        public override short GetInt16(int ordinal) => throw new InvalidOperationException("No row.");

        public override int GetInt32(int ordinal) => throw new InvalidOperationException("No row.");

        public override long GetInt64(int ordinal) => throw new InvalidOperationException("No row.");

        public override string GetName(int ordinal) => "c" + ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public override int GetOrdinal(string name) => throw new ArgumentOutOfRangeException(nameof(name), name, "No column of that name.");

        public override string GetString(int ordinal) => throw new InvalidOperationException("No row.");

        public override object GetValue(int ordinal) => throw new InvalidOperationException("No row.");

        public override int GetValues(object[] values) => throw new InvalidOperationException("No row.");

        public override bool IsDBNull(int ordinal) => throw new InvalidOperationException("No row.");

        public override System.Collections.IEnumerator GetEnumerator() => Array.Empty<object>().GetEnumerator();
    }

    private sealed class NoTransaction(DbConnection connection, IsolationLevel isolationLevel) : DbTransaction
    {
        public override IsolationLevel IsolationLevel { get; } = isolationLevel;

        protected override DbConnection DbConnection { get; } = connection;

        public override void Commit()
        {
        }

        public override void Rollback()
        {
        }
    }
}
