using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Data;

public static class TestDatabases
{
    /// <summary>A SQLite context with the app's interceptors, as the app builds it.</summary>
    public static SqliteAppDbContext CreateSqliteContext(string connectionString, TimeProvider? clock = null) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(new TimestampInterceptor(clock ?? TimeProvider.System), new ResourceContentInterceptor(new MarkdownRenderer()))
            .Options);

    /// <summary>A SQL Server context that never connects: for migrations scripts and query translation.</summary>
    public static SqlServerAppDbContext CreateSqlServerContext() =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=unreachable.invalid;Database=RtesResources;Integrated Security=false;User Id=none;Password=none;Connect Timeout=1")
            .Options);
}

public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
