using System.Net;
using Microsoft.Data.Sqlite;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Search;

/// <summary>
/// Two processes of the site, as on two servers: one SQLite database, an index folder each. What an
/// editor does on one is found, or no longer found, in the other's search within a few seconds,
/// through the change table alone.
/// </summary>
public sealed class TwoSiteProcessesTests : IDisposable
{
    private const string EditorEmail = "redaction@rtes.example";
    private const string EditorPassword = "Deux-Instances-2026!";
    private readonly TempFolder _folder = new();
    private readonly SiteExecutable _executable;

    public TwoSiteProcessesTests()
    {
        _executable = new SiteExecutable(_folder.Path);
        _executable.Environment["Email__Delivery"] = "Pickup";
        _executable.Environment["Database__SeedDemoData"] = "false";
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EachProcessFindsTheOthersEditsInSearch()
    {
        await RunAsync("demo-data");
        await RunAsync("users", "add", "--email", EditorEmail, "--role", "Editor", "--name", "Rédaction RTES");
        AssertSucceeded(await _executable.RunInProcessWithInputAsync(EditorPassword + "\n", "users", "set-password", "--email", EditorEmail, "--password-stdin"));

        await using var first = await _executable.StartSiteAsync("first", new Dictionary<string, string>());
        await using var second = await _executable.StartSiteAsync("second", new Dictionary<string, string>());
        var study = await ResourceIdAsync(DemoSlugs.Study);
        var words = await FirstTitleWordsAsync(DemoSlugs.Study);
        Assert.Contains(DemoSlugs.Study, await SearchAsync(second, words));

        // Moved to the bin through the first process: the second stops finding it by itself.
        using (var editor = await SignInAsync(first))
        using (var response = await editor.PostFormAsync("/admin", $"/admin/ressources/{study}/corbeille", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.DoesNotContain(DemoSlugs.Study, await SearchAsync(first, words));
        await Eventually.ValueAsync(() => SearchAsync(second, words), slugs => !slugs.Contains(DemoSlugs.Study), TimeSpan.FromSeconds(20));

        // Restored through the second process: the first finds it again.
        using (var editor = await SignInAsync(second))
        using (var response = await editor.PostFormAsync("/admin", $"/admin/ressources/{study}/restaurer", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var found = await Eventually.ValueAsync(() => SearchAsync(first, words), slugs => slugs.Contains(DemoSlugs.Study), TimeSpan.FromSeconds(20));
        Assert.Contains(DemoSlugs.Study, found);
    }

    private static async Task<IReadOnlyList<string>> SearchAsync(SiteProcess site, string query)
    {
        using var visitor = site.NewBrowser();
        return (await visitor.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query))).CardSlugs();
    }

    private static async Task<HttpClient> SignInAsync(SiteProcess site)
    {
        var client = site.NewBrowser();
        using var response = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = EditorEmail, ["Password"] = EditorPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in on {site.Name} failed: {(int)response.StatusCode}");
        return client;
    }

    private async Task<int> ResourceIdAsync(string slug)
    {
        await using var connection = new SqliteConnection($"Data Source={_executable.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Resources WHERE Slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> FirstTitleWordsAsync(string slug)
    {
        await using var connection = new SqliteConnection($"Data Source={_executable.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Title FROM Resources WHERE Slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        var title = (string)(await command.ExecuteScalarAsync())!;
        return "\"" + title + "\"";
    }

    // The commands that prepare the database run in the test's process: the point here is the two sites.
    private async Task RunAsync(params string[] args) => AssertSucceeded(await _executable.RunInProcessAsync(args), args);

    private static void AssertSucceeded(CommandRun run, params string[] args) =>
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)} failed ({run.ExitCode}): {run.Output}{run.Error}");
}
