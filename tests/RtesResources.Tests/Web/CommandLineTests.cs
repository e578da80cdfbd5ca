using Microsoft.Extensions.Configuration;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>
/// The site's executable run as an operator runs it: "RtesResources.Web COMMAND". Most commands run in
/// the test's process through the executable's own code path (CommandHost), which is much faster; real
/// processes check what only a process shows: that the entry point takes a word for a command rather
/// than starting the site, the root help, the console's log lines, the last line of a failure after
/// the flushed logs, and configuration errors (exit code 78).
/// </summary>
public class CommandLineTests
{
    [Fact]
    public async Task UnknownCommandPrintsUsageAndFails()
    {
        using var folder = new TempFolder();

        var (exitCode, output, error) = await RunAsync(folder, "bogus");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Commande inconnue « bogus ».", error, StringComparison.Ordinal);
        Assert.Contains("Utilisation", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateThenDemoDataFillAFreshDatabase()
    {
        using var folder = new TempFolder();

        var migrate = await RunInProcessAsync(folder, "migrate");
        var demo = await RunInProcessAsync(folder, "demo-data");
        var again = await RunInProcessAsync(folder, "demo-data");

        Assert.True(migrate.ExitCode == 0, migrate.Error);
        Assert.Contains("La base de données est à jour.", migrate.Output, StringComparison.Ordinal);
        Assert.True(demo.ExitCode == 0, demo.Error);
        Assert.Contains("8 ressource(s) ajoutée(s)", demo.Output, StringComparison.Ordinal);
        Assert.Contains("0 ressource(s) ajoutée(s)", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReindexRebuildsTheSearchIndexFromTheDatabase()
    {
        using var folder = new TempFolder();
        await RunInProcessAsync(folder, "demo-data");

        var result = await RunInProcessAsync(folder, "reindex");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("Index de recherche reconstruit : 8 ressources", result.Output, StringComparison.Ordinal);
        Assert.True(Directory.EnumerateFiles(Path.Combine(folder.Path, "index"), "segments_*").Any());
    }

    [Fact]
    public async Task BackupThenRestoreThroughTheCommands()
    {
        using var folder = new TempFolder();
        await RunInProcessAsync(folder, "demo-data");
        var backup = Path.Combine(folder.Path, "sauvegardes", "rtes.db");

        var saved = await RunInProcessAsync(folder, "backup", "--to", backup);
        var again = await RunInProcessAsync(folder, "backup", "--to", backup);
        var restored = await RunInProcessAsync(folder, "restore", "--from", backup);
        var notABackup = await RunInProcessAsync(folder, "restore", "--from", Path.Combine(folder.Path, "absent.db"));

        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.Contains("intégrité vérifiée", saved.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("existe déjà", again.Error, StringComparison.Ordinal);
        Assert.True(restored.ExitCode == 0, restored.Error);
        Assert.Contains("Base restaurée", restored.Output, StringComparison.Ordinal);
        Assert.Equal(1, notABackup.ExitCode);
    }

    [Fact]
    public async Task ExtraArgumentsAreRefused()
    {
        using var folder = new TempFolder();

        var result = await RunInProcessAsync(folder, "migrate", "--now");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Option inconnue « --now ».", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpDescribesEveryCommandAndOptionInFrench()
    {
        using var folder = new TempFolder();

        var root = await RunAsync(folder, "--help");
        var import = await RunInProcessAsync(folder, "import", "--help");
        var add = await RunInProcessAsync(folder, "collectivities", "add", "-h");

        Assert.True(root.ExitCode == 0, root.Error);
        Assert.Contains("Utilisation", root.Output, StringComparison.Ordinal);
        foreach (var command in new[] { "migrate", "demo-data", "import", "export", "rerender", "reindex", "collectivities", "users", "access-requests" })
        {
            Assert.Matches($@"(?m)^  {command}\b.*\S", root.Output);
        }

        Assert.DoesNotContain("Now listening", root.Output, StringComparison.Ordinal);
        Assert.Equal(0, import.ExitCode);
        Assert.Contains("--dry-run", import.Output, StringComparison.Ordinal);
        Assert.Contains("Vérifie chaque ligne et n'écrit rien.", import.Output, StringComparison.Ordinal);
        Assert.Contains("--verbose", import.Output, StringComparison.Ordinal);
        Assert.Equal(0, add.ExitCode);
        Assert.Contains("--member-until <AAAA-MM-JJ>", add.Output, StringComparison.Ordinal);
        Assert.Contains("(obligatoire) Le nom de la collectivité.", add.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reindx", "Commande inconnue « reindx ». Vouliez-vous dire « reindex » ?")]
    [InlineData("colectivities add", "Commande inconnue « colectivities ». Vouliez-vous dire « collectivities » ?")]
    [InlineData("users ad --email a@b.fr", "Commande inconnue « ad » pour « users ». Vouliez-vous dire « add » ?")]
    [InlineData("import catalogue.csv --dryrun", "Option inconnue « --dryrun ». Vouliez-vous dire « --dry-run » ?")]
    public async Task AMistypedCommandIsAUsageErrorWithASuggestion(string commandLine, string expected)
    {
        using var folder = new TempFolder();

        var result = await RunInProcessAsync(folder, commandLine.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task CommandsPrintTheirResultOnlyUnlessVerbose()
    {
        using var folder = new TempFolder();
        await RunInProcessAsync(folder, "demo-data");

        var quiet = await RunAsync(folder, "reindex");
        var verbose = await RunAsync(folder, "reindex", "--verbose");

        Assert.True(quiet.ExitCode == 0, quiet.Error);
        Assert.Single(quiet.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Index de recherche reconstruit : 8 ressources", quiet.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("INF]", quiet.Output + quiet.Error, StringComparison.Ordinal);
        Assert.True(verbose.ExitCode == 0, verbose.Error);
        Assert.StartsWith("Index de recherche reconstruit : 8 ressources", verbose.Output, StringComparison.Ordinal);
        // Information logs and EF Core's SQL, on standard error: standard output stays the result.
        Assert.Contains("Search index rebuilt: 8 resources", verbose.Error, StringComparison.Ordinal);
        Assert.Contains("Executed DbCommand", verbose.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnexpectedFailureEndsWithOneLineAndExitCode1()
    {
        using var folder = new TempFolder();
        await RunInProcessAsync(folder, "migrate");

        var result = await RunAsync(folder, "export", Path.Combine(folder.Path, "pas-de-dossier", "catalogue.csv"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("La commande a échoué : Could not find a part of the path", result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("Production", "migrate")]
    [InlineData("Staging", "migrate")]
    [InlineData("Production", null)]
    public async Task WithoutThePublicAddressOutsideDevelopmentTheSiteAndCommandsStopWithOneLine(string environment, string? command)
    {
        using var folder = new TempFolder();
        var environmentVariables = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = environment,
            ["ASPNETCORE_ENVIRONMENT"] = environment,
            ["Email__PublicBaseUrl"] = "",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };

        var result = await RunAsync(folder, environmentVariables, command is null ? [] : [command]);

        Assert.Equal(78, result.ExitCode);
        Assert.Equal("Configuration invalide : Email:PublicBaseUrl est obligatoire hors de l'environnement Development.", result.Error.Trim());
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
        var log = string.Concat(Directory.GetFiles(Path.Combine(folder.Path, "logs")).Select(File.ReadAllText));
        Assert.Contains("Configuration invalide : Email:PublicBaseUrl est obligatoire", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("migrate")]
    [InlineData(null)]
    public async Task AValueThatIsNotOfItsTypeStopsTheSiteAndCommandsWithOneLineNamingTheKey(string? command)
    {
        using var folder = new TempFolder();
        var environmentVariables = new Dictionary<string, string>
        {
            ["Search__PollInterval"] = "toutes les secondes",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
        };

        var result = await RunAsync(folder, environmentVariables, command is null ? [] : [command]);

        Assert.Equal(78, result.ExitCode);
        Assert.Equal("Configuration invalide : Search:PollInterval doit être une durée au format hh:mm:ss.", result.Error.Trim());
        Assert.DoesNotContain("Exception", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("toutes les secondes", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Accounts:FormPostsPerMinute", "beaucoup", "Accounts:FormPostsPerMinute doit être un nombre entier")]
    [InlineData("Search:PollInterval", "vite", "Search:PollInterval doit être une durée au format hh:mm:ss")]
    [InlineData("Email:Delivery", "Pigeon", "Email:Delivery doit être l'une des valeurs")]
    public void ABindingErrorReadsAsOneFrenchLine(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [key] = value })
            .Build();
        var section = key.Split(':')[0];
        var type = section switch
        {
            "Accounts" => typeof(RtesResources.Web.Features.Accounts.AccountOptions),
            "Search" => typeof(RtesResources.Web.Features.Search.SearchOptions),
            _ => typeof(RtesResources.Web.Features.Email.EmailOptions),
        };

        var error = Assert.Throws<InvalidOperationException>(() => { configuration.GetSection(section).Get(type); });

        Assert.StartsWith("Configuration invalide : " + expected, RtesResources.Web.Infrastructure.StartupFailure.Describe(error), StringComparison.Ordinal);
        Assert.DoesNotContain(value, RtesResources.Web.Infrastructure.StartupFailure.Describe(error), StringComparison.Ordinal);
    }

    private static Task<CommandRun> RunAsync(TempFolder folder, params string[] args) =>
        new SiteExecutable(folder.Path).RunAsync(args);

    private static Task<CommandRun> RunAsync(TempFolder folder, Dictionary<string, string> environment, string[] args) =>
        new SiteExecutable(folder.Path).RunAsync(environment, null, args);

    private static Task<CommandRun> RunInProcessAsync(TempFolder folder, params string[] args) =>
        new SiteExecutable(folder.Path).RunInProcessAsync(args);
}
