using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Web;

/// <summary>Progress lines of long commands, and what a mistyped name is taken for.</summary>
public class CommandProgressTests
{
    [Fact]
    public void ProgressIsShownAtMostOncePerInterval()
    {
        var clock = new FakeTimeProvider();
        using var error = new StringWriter();
        var progress = new ProgressLine<int>(error, TimeSpan.FromSeconds(2), clock, n => $"Import : {ProgressLine.Count(n)} lignes lues…");

        foreach (var (rows, seconds) in new[] { (500, 0.5), (1_000, 1.0), (1_500, 1.0), (2_000, 0.1), (2_500, 1.0), (3_000, 1.0), (12_000, 5.0) })
        {
            clock.Advance(TimeSpan.FromSeconds(seconds));
            progress.Report(rows);
        }

        // 2.5 s: shown; 2.6 and 3.6 s: too soon; 4.6 s: shown; 9.6 s: shown.
        Assert.Equal(["Import : 1 500 lignes lues…", "Import : 3 000 lignes lues…", "Import : 12 000 lignes lues…"], error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("reindx", "reindex")]
    [InlineData("import", "import")]
    [InlineData("acces-request", "access-requests")]
    [InlineData("collect", "collectivities")]
    [InlineData("--publsh", "--publish")]
    public void TheNearestNameIsSuggested(string typed, string expected)
    {
        string[] names = ["migrate", "demo-data", "import", "export", "rerender", "reindex", "collectivities", "users", "access-requests", "--publish", "--dry-run"];

        Assert.Equal([expected], Suggestions.Nearest(typed, names));
    }

    [Fact]
    public void NothingIsSuggestedForAWordFarFromEveryName()
    {
        Assert.Empty(Suggestions.Nearest("frobnicate", ["add", "renew", "add-period", "deactivate"]));
    }

    [Fact]
    public async Task ALongImportReportsItsProgressOnStandardErrorAndItsResultOnStandardOutput()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var folder = new RtesResources.Tests.Data.TempFolder();
        var file = Path.Combine(folder.Path, "grand.csv");
        await File.WriteAllLinesAsync(file, ["title;kind", .. Enumerable.Range(1, 1_200).Select(i => $"Ressource {i};fiche")]);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(() => Task.FromResult<IServiceProvider>(site.Services), ["import", file, "--dry-run"], new CommandConsole(output, error, TextReader.Null) { ProgressInterval = TimeSpan.Zero });

        Assert.True(code == 0, error.ToString());
        Assert.Equal(["Import : 500 lignes lues…", "Import : 1 000 lignes lues…"], error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Essai : 1200 ligne(s) lue(s), 0 refusée(s), 1200 à créer", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("lignes lues…", output.ToString(), StringComparison.Ordinal);
    }
}
