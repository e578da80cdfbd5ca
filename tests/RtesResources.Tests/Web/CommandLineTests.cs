using System.Diagnostics;
using RtesResources.Tests.Data;

namespace RtesResources.Tests.Web;

/// <summary>The site's executable run as an operator runs it: "RtesResources.Web COMMAND".</summary>
public class CommandLineTests
{
    [Fact]
    public async Task UnknownCommandPrintsUsageAndFails()
    {
        using var folder = new TempFolder();

        var (exitCode, output, error) = await RunAsync(folder, "bogus");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Unknown command", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateThenDemoDataFillAFreshDatabase()
    {
        using var folder = new TempFolder();

        var migrate = await RunAsync(folder, "migrate");
        var demo = await RunAsync(folder, "demo-data");
        var again = await RunAsync(folder, "demo-data");

        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Contains("Database is up to date", migrate.Output, StringComparison.Ordinal);
        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("8 resource(s) added", demo.Output, StringComparison.Ordinal);
        Assert.Contains("0 resource(s) added", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReindexRebuildsTheSearchIndexFromTheDatabase()
    {
        using var folder = new TempFolder();
        await RunAsync(folder, "demo-data");

        var result = await RunAsync(folder, "reindex");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Search index rebuilt: 8 resources", result.Output, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(Path.Combine(folder.Path, "index"), "segments_*").Any());
    }

    [Fact]
    public async Task ExtraArgumentsAreRefused()
    {
        using var folder = new TempFolder();

        var result = await RunAsync(folder, "migrate", "--now");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Usage:", result.Error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(TempFolder folder, params string[] args)
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

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(folder.Path, "cli.db")}";
        start.Environment["Database__MigrateOnStartup"] = "false";
        start.Environment["Search__IndexPath"] = Path.Combine(folder.Path, "index");
        start.Environment["Serilog__WriteTo__1__Args__configure__0__Args__path"] = Path.Combine(folder.Path, "logs", "cli-.log");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
