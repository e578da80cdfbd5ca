using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Infrastructure;

/// <summary>How one run of the executable ended, and what it wrote on standard output and error.</summary>
public sealed record CommandRun(int ExitCode, string Output, string Error);

/// <summary>
/// The site's executable run as an operator runs it: "dotnet RtesResources.Web.dll COMMAND" from its
/// own folder (where appsettings.json lies), in Production, with what it writes (the SQLite database,
/// the search index, the logs, e-mails and attachments) in a folder of the test.
/// </summary>
public sealed class SiteExecutable(string folder)
{
    public string DatabasePath => Path.Combine(folder, "cli.db");

    /// <summary>Where e-mails are written as .eml files when <c>Email__Delivery</c> is <c>Pickup</c>.</summary>
    public string MailFolder => Path.Combine(folder, "mail");

    /// <summary>Environment variables for every run and site process, over the defaults.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public Task<CommandRun> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), null, args);

    /// <summary>A command that reads <paramref name="input"/> on its standard input (set-password --password-stdin).</summary>
    public Task<CommandRun> RunWithInputAsync(string input, params string[] args) => RunAsync(new Dictionary<string, string>(), input, args);

    /// <summary>A command with environment variables of its own, over those of <see cref="Environment"/>.</summary>
    public async Task<CommandRun> RunAsync(IReadOnlyDictionary<string, string> environment, string? input, IReadOnlyList<string> args)
    {
        var start = StartInfo("cli", args, environment);
        start.RedirectStandardInput = input is not null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // A site that started instead of stopping: end it, and fail the test that waited for an exit.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            return new CommandRun(-1, await output, await error);
        }

        return new CommandRun(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// A command run in the test's own process, through the executable's code path (CommandHost) with the
    /// same settings as <see cref="RunAsync(IReadOnlyDictionary{string, string}, string?, IReadOnlyList{string})"/>
    /// and what it writes captured: for what does not need a process of its own. What only a process shows
    /// (the console's log lines, a configuration error's exit) is tested with <see cref="RunAsync(string[])"/>.
    /// </summary>
    public Task<CommandRun> RunInProcessAsync(params string[] args) => RunInProcessAsync(new Dictionary<string, string>(), null, args);

    /// <summary>An in-process command that reads <paramref name="input"/> on its standard input (set-password --password-stdin).</summary>
    public Task<CommandRun> RunInProcessWithInputAsync(string input, params string[] args) => RunInProcessAsync(new Dictionary<string, string>(), input, args);

    /// <summary>An in-process command with settings of its own, as environment variable names (Database__Provider), over those of <see cref="Environment"/>.</summary>
    public async Task<CommandRun> RunInProcessAsync(IReadOnlyDictionary<string, string> environment, string? input, IReadOnlyList<string> args)
    {
        var settings = Settings("cli", environment);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CommandHost).Assembly.GetName().Name,
            EnvironmentName = settings["ASPNETCORE_ENVIRONMENT"],
            // Where the executable runs from, with its appsettings.json.
            ContentRootPath = AppContext.BaseDirectory,
        });
        // The environment variables' configuration keys ("__" for ":"), over the test process's own variables.
        builder.Configuration.AddInMemoryCollection(settings
            .Where(s => !s.Key.StartsWith("DOTNET_", StringComparison.Ordinal) && !s.Key.StartsWith("ASPNETCORE_", StringComparison.Ordinal))
            .Select(s => KeyValuePair.Create(s.Key.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)));
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var reader = new StringReader(input ?? "");
        var exitCode = await CommandHost.RunAsync(builder, args, new CommandConsole(output, error, reader));
        return new CommandRun(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Starts the site on the same database, at 127.0.0.1 on a free port, and waits until /healthz/ready says it is ready.</summary>
    public Task<SiteProcess> StartSiteAsync() => StartSiteAsync("site", new Dictionary<string, string>());

    /// <summary>
    /// Starts one instance of the site among several on the same database: <paramref name="name"/> names its
    /// search index folder and log file (each instance has its own), <paramref name="environment"/> its own settings.
    /// </summary>
    public async Task<SiteProcess> StartSiteAsync(string name, IReadOnlyDictionary<string, string> environment)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}");
        var own = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_URLS"] = address.ToString(),
            // The site's own index: the commands' one stays theirs.
            ["Search__IndexPath"] = Path.Combine(folder, "index-" + name),
        };
        var site = new SiteProcess(Process.Start(StartInfo(name, [], own))!, address, name);
        await site.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return site;
    }

    private ProcessStartInfo StartInfo(string name, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Operators run the executable from its own folder, where appsettings.json lies.
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RtesResources.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Settings(name, environment))
        {
            start.Environment[key] = value;
        }

        return start;
    }

    /// <summary>What a run sees, as environment variables: the defaults, then <see cref="Environment"/>, then its own.</summary>
    private Dictionary<string, string> Settings(string name, IReadOnlyDictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Default"] = $"Data Source={DatabasePath}",
            ["Database__MigrateOnStartup"] = "false",
            ["Email__PublicBaseUrl"] = "https://ressources.example",
            ["Email__PickupFolder"] = MailFolder,
            ["Storage__Root"] = Path.Combine(folder, "files"),
            ["Search__IndexPath"] = Path.Combine(folder, "index"),
            // A few warm-up searches still run before a site says it is ready; the default 300 (up to 30 s on a
            // busy machine) would only slow the tests down, whose first searches need no warm code (HealthTests tests it).
            ["Search__WarmUpSearches"] = "10",
            ["Serilog__WriteTo__1__Args__configure__0__Args__path"] = Path.Combine(folder, "logs", name + "-.log"),
        };
        foreach (var (key, value) in Environment.Concat(environment))
        {
            settings[key] = value;
        }

        return settings;
    }

}

/// <summary>A site process started by <see cref="SiteExecutable.StartSiteAsync(string, IReadOnlyDictionary{string, string})"/>; disposing it ends it.</summary>
public sealed class SiteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;

    internal SiteProcess(Process process, Uri address, string name)
    {
        _process = process;
        Address = address;
        Name = name;
        // Read the output, so that a full pipe never blocks the site; shown when it stops at start.
        _output = process.StandardOutput.ReadToEndAsync();
        _error = process.StandardError.ReadToEndAsync();
    }

    public Uri Address { get; }

    public string Name { get; }

    /// <summary>This instance's absolute URL of a path, for a browser that goes from one instance to another.</summary>
    public string Url(string pathAndQuery) => new Uri(Address, pathAndQuery).ToString();

    /// <summary>
    /// A browser of its own: it keeps the site's cookies (Secure and __Host- ones included) as the
    /// TLS-terminating proxy in front of a Production site would let it, and follows no redirect.
    /// </summary>
    public HttpClient NewBrowser() => new(new PlainHttpCookies()) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(1) };

    /// <summary>Ends the process at once, as a crash or a lost server would: no graceful stop, nothing finished or released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    internal async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var ready = await Eventually.ValueAsync(() => ReadinessAsync(client), status => status == HttpStatusCode.OK || _process.HasExited, timeout);
        if (_process.HasExited)
        {
            Assert.Fail($"The site process {Name} stopped at start (exit code {_process.ExitCode}): {await _output}{await _error}");
        }

        Assert.True(ready == HttpStatusCode.OK, $"The site process {Name} was not ready within {timeout.TotalSeconds} s (/healthz/ready: {ready}).");
    }

    private static async Task<HttpStatusCode?> ReadinessAsync(HttpClient client)
    {
        try
        {
            using var response = await client.GetAsync("/healthz/ready");
            return response.StatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy starting to answer.
            return null;
        }
    }
}
