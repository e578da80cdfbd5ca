using System.ComponentModel;
using System.Diagnostics;
using Azure.Storage.Blobs;
using RtesResources.Web.Features.Files;
using Xunit.Sdk;

namespace RtesResources.Tests.Infrastructure;

/// <summary>
/// Azurite's blob service (npm's azurite, which .ci/run installs into .tools) in a process of its own on
/// 127.0.0.1, storing in a temporary folder; disposing it ends the process. On a machine without Azurite
/// the tests that need it are skipped with the way to install it ([AzuriteFact], [AzuriteData]); in CI
/// (CI=true), where .ci/run installs it, they fail instead.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The version .ci/run installs.</summary>
    public const string Version = "3.37.0";

    // Azurite's well-known development account: a published key, no secret.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly Task<string> _error;
    private readonly string _folder;

    private AzuriteServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        _folder = folder;
        _ = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public int Port { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";

    /// <summary>A container of this server, for looking at what a store wrote.</summary>
    public BlobContainerClient Container(string name) => new(ConnectionString, name);

    /// <summary>A container name of its own for one store: tests sharing a server never see each other's files.</summary>
    public static string NewContainerName() => "t" + Guid.NewGuid().ToString("N");

    /// <summary>Azurite's blob service script, from AZURITE_BLOB or from the .tools folder above the tests.</summary>
    public static string? BlobScript
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("AZURITE_BLOB");
            if (!string.IsNullOrEmpty(configured))
            {
                return File.Exists(configured) ? configured : null;
            }

            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                var script = Path.Combine(folder.FullName, ".tools", "node_modules", "azurite", "dist", "src", "blob", "main.js");
                if (File.Exists(script))
                {
                    return script;
                }
            }

            return null;
        }
    }

    /// <summary>Why the tests that need Azurite are skipped here, or null when they run (Azurite found, or CI).</summary>
    public static string? SkipReason =>
        BlobScript is not null || RedisServer.InCi ? null : $"Azurite is not installed (npm install --prefix .tools azurite@{Version}).";

    public static async Task<AzuriteServer> StartAsync()
    {
        var script = BlobScript ?? throw new InvalidOperationException(
            $"Azurite is not installed: run `npm install --prefix .tools azurite@{Version}` at the repository root (.ci/run does), or set AZURITE_BLOB to its dist/src/blob/main.js.");
        var folder = Path.Combine(Path.GetTempPath(), "rtes-tests", "azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var port = LoopbackPorts.Free();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", folder, "--skipApiVersionCheck", "--loose", "--silent" })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("Azurite needs Node.js: `node` could not be started (apt-get install -y nodejs).", exception);
        }

        var server = new AzuriteServer(process, port, folder);
        await server.WaitUntilListeningAsync();
        return server;
    }

    /// <summary>Ends the process at once, as an outage would (what it stored stays in its folder).</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the rest of the temporary folder.
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var answered = await Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    // Any answer (403 without a signature) means the service listens.
                    using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Port}/devstoreaccount1?comp=list"));
                    return true;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            },
            ok => ok || _process.HasExited,
            TimeSpan.FromSeconds(30));
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Azurite stopped at start (exit code {_process.ExitCode}): {await _error}");
        }

        if (!answered)
        {
            throw new InvalidOperationException("Azurite did not answer within 30 s.");
        }
    }
}

/// <summary>A test that needs Azurite: skipped with the reason on a machine without it, outside CI.</summary>
public sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute() => Skip = AzuriteServer.SkipReason;
}

/// <summary>A theory's row that needs Azurite: skipped with the reason on a machine without it, outside CI.</summary>
[DataDiscoverer("Xunit.Sdk.DataDiscoverer", "xunit.core")]
public sealed class AzuriteDataAttribute : DataAttribute
{
    private readonly object[] _row;

    public AzuriteDataAttribute(params object[] row)
    {
        _row = row;
        Skip = AzuriteServer.SkipReason;
    }

    public override IEnumerable<object[]> GetData(System.Reflection.MethodInfo testMethod) => [_row];
}

/// <summary>The site (demo data and all) with its attachments in a container of an Azurite server.</summary>
public class AzureBlobSite(AzuriteServer azurite) : RtesWebFactory
{
    public AzuriteServer Azurite { get; } = azurite;

    public string ContainerName { get; } = AzuriteServer.NewContainerName();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Storage:Provider", nameof(StorageProvider.AzureBlob));
        builder.UseSetting("Storage:AzureBlob:ConnectionString", Azurite.ConnectionString);
        builder.UseSetting("Storage:AzureBlob:Container", ContainerName);
    }
}
