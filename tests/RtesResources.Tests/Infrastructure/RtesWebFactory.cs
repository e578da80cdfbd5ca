using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Infrastructure;

/// <summary>
/// The real app on a SQLite file of its own in a temporary folder, migrated and loaded with the
/// demo data set at start-up exactly as a fresh clone does it, sending its e-mails to a real SMTP
/// server on 127.0.0.1 and storing files in the temporary folder. Environment "Testing": production
/// error pages, no developer exception page.
/// </summary>
public class RtesWebFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N"));

    public RtesWebFactory()
    {
        Directory.CreateDirectory(_folder);
        DatabasePath = Path.Combine(_folder, "rtes.db");
        IndexPath = Path.Combine(_folder, "index");
        Smtp = SimpleSmtpServer.Start(LoopbackPorts.Free());
    }

    /// <summary>The SMTP server the app sends to: read what it received.</summary>
    public SimpleSmtpServer Smtp { get; }

    /// <summary>A clock the test moves; null keeps the real clock.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>The largest upload accepted (the app's default when null).</summary>
    public long? MaxUploadBytes { get; init; }

    /// <summary>POSTs allowed per minute on the account forms (high by default so tests do not trip it).</summary>
    public int FormPostsPerMinute { get; init; } = 1000;

    /// <summary>The app's SQLite file: another app's, to run a second instance of the site on it.</summary>
    public string DatabasePath { get; init; }

    /// <summary>
    /// How often the index reads the change table for other processes' changes (the app's default when
    /// null). Tests that count SQL commands make it long, so that the worker's reads are not counted.
    /// </summary>
    public TimeSpan? SearchPollInterval { get; init; }

    /// <summary>This app's search index folder (each test app has its own, as each instance of the site does).</summary>
    public string IndexPath { get; init; }

    /// <summary>Counts every SQL command of the app: reset it, make one request, read it.</summary>
    public SqlCommandCounter SqlCommands { get; } = new();

    /// <summary>Load the demo data at start-up (the default); tests of an empty site turn it off.</summary>
    public bool SeedDemoData { get; init; } = true;

    /// <summary>
    /// Run the text extraction worker in the background. Off by default: its polling would add SQL
    /// commands to what query-cost tests count, and extraction tests run passes themselves.
    /// </summary>
    public bool ExtractTextInBackground { get; init; }

    /// <summary>
    /// Open the search index at start-up (the default). Off, the site stays as while its index is
    /// being built (not ready, the database answering searches) until the test opens it.
    /// </summary>
    public bool OpenSearchIndex { get; init; } = true;

    /// <summary>
    /// How often the e-mail outbox looks for messages besides its own instance's (which it sends at
    /// once): an hour by default, so that its reads are not counted by query-cost tests.
    /// </summary>
    public TimeSpan OutboxPollInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Api:RequestsPerMinute (the app's default when null).</summary>
    public int? ApiRequestsPerMinute { get; init; }

    /// <summary>Redis:Configuration (a RedisServer's); null: no Redis, as by default.</summary>
    public string? RedisConfiguration { get; init; }

    /// <summary>Redis:InstanceName: tests sharing one server give their sites the same one, other tests another.</summary>
    public string? RedisInstanceName { get; init; }

    /// <summary>Searches run at start-up before the site says it is ready (off by default: tests start many apps).</summary>
    public int WarmUpSearches { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={DatabasePath}");
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedDemoData", SeedDemoData ? "true" : "false");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:WriteTo:1:Args:configure:0:Args:path", Path.Combine(_folder, "logs", "rtes-.log"));
        builder.UseSetting("Storage:Root", Path.Combine(_folder, "files"));
        builder.UseSetting("Search:IndexPath", IndexPath);
        builder.UseSetting("Search:WarmUpSearches", WarmUpSearches.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (SearchPollInterval is TimeSpan poll)
        {
            builder.UseSetting("Search:PollInterval", poll.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        }
        builder.UseSetting("TextExtraction:Enabled", ExtractTextInBackground ? "true" : "false");
        builder.UseSetting("Email:Delivery", "Smtp");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        builder.UseSetting("Email:PublicBaseUrl", "http://localhost");
        builder.UseSetting("Email:Outbox:PollInterval", OutboxPollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        if (ApiRequestsPerMinute is int apiPerMinute)
        {
            builder.UseSetting("Api:RequestsPerMinute", apiPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (RedisConfiguration is not null)
        {
            builder.UseSetting("Redis:Configuration", RedisConfiguration);
            builder.UseSetting("Redis:InstanceName", RedisInstanceName ?? "rtes-tests:");
        }

        if (MaxUploadBytes is long maxUpload)
        {
            builder.UseSetting("Uploads:MaxFileBytes", maxUpload.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        // Test clients speak plain http: cookies keep their plain names and SameAsRequest (the
        // Production subclasses cannot turn this off, see SecureCookiesTests).
        builder.UseSetting("Cookies:HostPrefix", "false");
        builder.UseSetting("Accounts:FormPostsPerMinute", FormPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IInterceptor>(SqlCommands);
            // Production runs SQL Server with EnableRetryOnFailure, whose strategy refuses a transaction
            // it does not run: the tests' SQLite gets a retrying strategy too, so that such a transaction
            // fails here as it would there.
            services.ConfigureDbContext<SqliteAppDbContext>((_, options) =>
                new Microsoft.EntityFrameworkCore.Infrastructure.SqliteDbContextOptionsBuilder(options).ExecutionStrategy(dependencies => new RetryingLikeSqlServer(dependencies)));
            if (!OpenSearchIndex)
            {
                services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SearchIndexWorker)));
            }

            if (Clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            }
        });
    }

    /// <summary>
    /// Starts the app as a fresh clone does, then waits for its search index, so that every test sees
    /// the index answer rather than the database fallback used while it is built.
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        var index = host.Services.GetRequiredService<SearchIndex>();
        if (OpenSearchIndex && !index.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)).GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("The search index was not ready within 60 s.");
        }

        return host;
    }

    /// <summary>Applies the change table to the index now, as the background worker does every second.</summary>
    public Task<int> ApplySearchChangesAsync() => Services.GetRequiredService<SearchIndex>().ApplyChangesAsync(CancellationToken.None);

    /// <summary>Runs code against the app's database, in a scope of its own.</summary>
    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A log file still being flushed: the temporary folder is cleaned by the OS later.
            }
        }
    }
}

/// <summary>One app with the demo data, shared by the read-only tests of a collection.</summary>
[CollectionDefinition(Name)]
public sealed class DemoSiteTests : ICollectionFixture<RtesWebFactory>
{
    public const string Name = "Demo site";
}

/// <summary>A strategy that says it retries (nothing here is transient), as SQL Server's does in production.</summary>
internal sealed class RetryingLikeSqlServer(Microsoft.EntityFrameworkCore.Storage.ExecutionStrategyDependencies dependencies)
    : Microsoft.EntityFrameworkCore.Storage.ExecutionStrategy(dependencies, maxRetryCount: 2, maxRetryDelay: TimeSpan.FromMilliseconds(50))
{
    protected override bool ShouldRetryOn(Exception exception) => false;
}
