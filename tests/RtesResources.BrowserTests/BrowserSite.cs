using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using netDumbster.smtp;

namespace RtesResources.BrowserTests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 (a free port), with the demo data on a temporary SQLite
/// file, and Debian's Chromium driven by Playwright. Playwright never downloads a browser here:
/// it is pointed at /usr/bin/chromium, which .ci/run installs.
/// </summary>
public sealed class BrowserSite : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rtes-browser-tests", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public BrowserSite()
    {
        Directory.CreateDirectory(_folder);
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        Smtp = SimpleSmtpServer.Start(FreePort());
    }

    /// <summary>The SMTP server the site sends its e-mails to.</summary>
    public SimpleSmtpServer Smtp { get; }

    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Default", $"Data Source={Path.Combine(_folder, "rtes.db")}");
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Database:SeedDemoData", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        builder.UseSetting("Serilog:WriteTo:1:Args:configure:0:Args:path", Path.Combine(_folder, "logs", "rtes-.log"));
        builder.UseSetting("Storage:Root", Path.Combine(_folder, "files"));
        builder.UseSetting("Search:IndexPath", Path.Combine(_folder, "index"));
        // An unpublished build finds wwwroot's files through the static web assets manifest, which the
        // host reads by itself in Development only: without it the fingerprinted URLs answer empty
        // bodies and Chromium refuses the scripts. Published sites have the files in place.
        builder.ConfigureAppConfiguration((context, _) =>
            Microsoft.AspNetCore.Hosting.StaticWebAssets.StaticWebAssetsLoader.UseStaticWebAssets(context.HostingEnvironment, context.Configuration));
        builder.UseSetting("Email:Delivery", "Smtp");
        builder.UseSetting("Email:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Email:Smtp:Port", Smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Email:Smtp:Security", "None");
        // Required outside Development; the journeys read the links' paths only.
        builder.UseSetting("Email:PublicBaseUrl", "http://localhost");
        builder.UseSetting("Accounts:FormPostsPerMinute", "1000");
        // The site is served over plain http to Chromium: plain cookie names (Secure only when the request is HTTPS).
        builder.UseSetting("Cookies:HostPrefix", "false");
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        // Searches must meet the index, not the database fallback used while it is built.
        if (!await Services.GetRequiredService<RtesResources.Web.Features.Search.SearchIndex>().WaitUntilReadyAsync(TimeSpan.FromSeconds(60)))
        {
            throw new InvalidOperationException("The search index was not ready within 60 s.");
        }

        if (!ExternalTools.HasChromium)
        {
            // The tests that need the browser are skipped (or, in CI, fail in NewPageAsync).
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExternalTools.ChromiumPath,
            Headless = true,
            // As root in a container, without GPU, and without Chromium's own calls home (the network is closed).
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900, bool acceptDownloads = false)
    {
        var browser = _browser ?? throw new InvalidOperationException(
            $"Chromium is missing at {ExternalTools.ChromiumPath}: install Debian's 'chromium' package (see .ci/run).");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = acceptDownloads,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        Smtp.Dispose();
        await base.DisposeAsync();
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

[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserSite>
{
    public const string Name = "Browser";
}
