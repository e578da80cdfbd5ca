namespace RtesResources.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>The "Database" configuration section. The connection string is ConnectionStrings:Default.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>
    /// Apply pending migrations when the site starts. Turn off when several instances share one
    /// database and run "-- migrate" as a deployment step instead.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Load the demo data set into an empty database at start-up (on by default in Development).</summary>
    public bool SeedDemoData { get; set; }
}
