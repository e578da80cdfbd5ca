using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RtesResources.Web.Data;

public static class DatabaseSetup
{
    public const string DefaultSqliteConnectionString = "Data Source=App_Data/rtes-resources.db";

    /// <summary>Registers AppDbContext on the configured provider, with the app's interceptors.</summary>
    public static IServiceCollection AddAppDatabase(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString("Default");

        // Every IInterceptor in DI joins the context: the app's own, and any a host or test adds.
        services.AddScoped<IInterceptor, TimestampInterceptor>();
        services.AddScoped<IInterceptor, ResourceContentInterceptor>();
        services.AddScoped<PrerenderedContent>();
        services.AddScoped<SqliteStatementCache>();
        services.AddScoped<IInterceptor>(sp => sp.GetRequiredService<SqliteStatementCache>());

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new Infrastructure.InvalidConfigurationException("ConnectionStrings:Default est obligatoire quand Database:Provider vaut SqlServer.");
                }

                services.AddDbContext<AppDbContext, SqlServerAppDbContext>((sp, db) => db
                    .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
                    .AddInterceptors(sp.GetServices<IInterceptor>()));
                break;
            default:
                var sqlite = PrepareSqliteConnectionString(connectionString ?? DefaultSqliteConnectionString, contentRoot);
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, db) => db
                    .UseSqlite(sqlite)
                    .ReplaceService<Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory, SqliteStatementGroups>()
                    .AddInterceptors(sp.GetServices<IInterceptor>()));
                break;
        }

        return services;
    }

    /// <summary>
    /// Makes a relative SQLite file path relative to the content root (not the current directory)
    /// and creates its folder, so that a fresh clone runs from any working directory.
    /// </summary>
    public static string PrepareSqliteConnectionString(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var path = Path.IsPathRooted(builder.DataSource) ? builder.DataSource : Path.Combine(contentRoot, builder.DataSource);
            var folder = Path.GetDirectoryName(path);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            builder.DataSource = path;
        }

        return builder.ToString();
    }
}
