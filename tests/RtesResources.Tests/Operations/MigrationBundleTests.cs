using System.Diagnostics;

namespace RtesResources.Tests.Operations;

/// <summary>
/// The SQL Server migration bundle that docs/operations.md tells the operator to build, built the same
/// way (`dotnet ef migrations bundle`, the repository's tool manifest) and started: what can break it
/// (the design-time factory, the migrations assembly, a package the bundle cannot publish) fails here,
/// not on the day of a deployment. Applying it needs a server: SqlServerContainerTests, where Docker is.
/// </summary>
public sealed class MigrationBundleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rtes-bundle-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the rest of the temporary folder.
        }
    }

    [Fact]
    public async Task TheSqlServerMigrationBundleBuildsAndStarts()
    {
        var root = RepositoryRoot();
        var bundle = Path.Combine(_folder, "efbundle");

        var restore = await RunAsync(root, new Dictionary<string, string>(), "dotnet", "tool", "restore");
        Assert.True(restore.ExitCode == 0, restore.Output);

        // The web project is already built, in the tests' own configuration: the bundle is made from that build.
        // Its publish builds the web project again for the bundle's runtime (linux-x64), where the analyzers
        // and code style checks, a third of its CPU, would only repeat what that build checked: they are off
        // for it alone (they report, and change nothing in what is compiled; source generators still run).
        var built = await RunAsync(
            root,
            new Dictionary<string, string> { ["RunAnalyzers"] = "false" },
            "dotnet", "ef", "migrations", "bundle",
            "--project", Path.Combine("src", "RtesResources.Web"),
            "--context", "SqlServerAppDbContext",
            "--configuration", BuildConfiguration(),
            "--no-build",
            "--output", bundle);
        Assert.True(built.ExitCode == 0, built.Output);
        Assert.True(File.Exists(bundle), built.Output);

        var help = await RunAsync(_folder, new Dictionary<string, string>(), bundle, "--help");
        Assert.True(help.ExitCode == 0, help.Output);
        Assert.Contains("--connection", help.Output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string> environment, string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test host's MSBuild settings (set by `dotnet test`) would steer the child's build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not end within 6 minutes.");
        }

        return (process.ExitCode, await output + await error);
    }

    private static string BuildConfiguration() =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, ".config", "dotnet-tools.json")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException(".config/dotnet-tools.json not found above " + AppContext.BaseDirectory);
    }
}
