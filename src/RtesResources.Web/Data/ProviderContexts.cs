using Microsoft.EntityFrameworkCore;

namespace RtesResources.Web.Data;

/// <summary>The SQLite flavour of AppDbContext: owns the migrations under Migrations/Sqlite.</summary>
public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

/// <summary>The SQL Server flavour of AppDbContext: owns the migrations under Migrations/SqlServer.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);
