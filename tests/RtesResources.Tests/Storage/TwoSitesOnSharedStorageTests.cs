using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Data.Sqlite;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;
using RtesResources.Tests.Search.Extraction;

namespace RtesResources.Tests.Storage;

/// <summary>
/// Instances of the site as separate processes, as on separate servers behind no proxy: one SQLite
/// database, one Azurite blob service, a search index each. A browser goes from one to the other as a
/// load balancer would send it; an instance killed in the middle of reading a file's text leaves it to
/// another.
/// </summary>
public sealed class TwoSitesOnSharedStorageTests : IDisposable
{
    private const string EditorEmail = "redaction@rtes.example";
    private const string EditorPassword = "Stockage-Partage-2026!";
    private const string SlowFileName = "actes-des-rencontres.pdf";

    // A word found only on the last page of the long PDF: searching it finds the resource only once the whole file was read.
    private const string LastPageWord = "quinconcelles";

    private readonly TempFolder _folder = new();
    private readonly SiteExecutable _executable;

    public TwoSitesOnSharedStorageTests()
    {
        _executable = new SiteExecutable(_folder.Path);
        _executable.Environment["Email__Delivery"] = "Pickup";
        _executable.Environment["Database__SeedDemoData"] = "false";
        // Every page of the long PDF is read (500 by default), within a budget generous enough for a busy
        // machine, and a killed instance's claim runs out after 22 s instead of 5 minutes (it must outlast the budget).
        _executable.Environment["TextExtraction__MaxPages"] = "10000";
        _executable.Environment["TextExtraction__TimeBudget"] = "00:00:20";
        _executable.Environment["TextExtraction__ClaimLease"] = "00:00:22";
        _executable.Environment["TextExtraction__PollInterval"] = "00:00:00.2";
        // A busy machine may make B overrun its budget once: it tries again after its own claim runs out.
        _executable.Environment["TextExtraction__MaxAttempts"] = "5";
    }

    public void Dispose() => _folder.Dispose();

    [AzuriteFact]
    public async Task InstancesShareSessionsFormsPublicationsFilesAndUnfinishedTextExtraction()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        _executable.Environment["Storage__Provider"] = "AzureBlob";
        _executable.Environment["Storage__AzureBlob__ConnectionString"] = azurite.ConnectionString;
        _executable.Environment["Storage__AzureBlob__Container"] = "fichiers-rtes";
        // Fifteen hundred pages: a second or more of reading, long enough to stop the instance in the middle.
        var longPdf = Task.Run(() => TestDocuments.Pdf([
            .. Enumerable.Range(1, 1499).Select(i => $"Page {i} : l'économie sociale et solidaire dans les territoires, coopératives et tiers-lieux."),
            $"Dernière page : les {LastPageWord} de la rencontre.",
        ]));
        await RunAsync("demo-data");
        await RunAsync("users", "add", "--email", EditorEmail, "--role", "Editor", "--name", "Rédaction RTES");
        AssertSucceeded(await _executable.RunWithInputAsync(EditorPassword + "\n", "users", "set-password", "--email", EditorEmail, "--password-stdin"), "set-password");
        var video = await ScalarAsync<long>("SELECT Id FROM Resources WHERE Slug = $p", DemoSlugs.Video);

        // 1. Instance A reads files' text; it is stopped, killed, in the middle of a long PDF it uploaded.
        //    It runs alone until then, so that the claim is certainly its own.
        var a = await _executable.StartSiteAsync("a", new Dictionary<string, string>());
        try
        {
            using var editorOnA = await SignInAsync(a);
            await UploadAsync(editorOnA, a, video, SlowFileName, await longPdf);
            var claimed = await Eventually.ValueAsync(() => ExtractionAsync(SlowFileName), s => s.Attempts >= 1, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20));
            Assert.True(claimed.Attempts == 1, $"Instance A did not start reading the file within 30 s: {claimed}.");
        }
        finally
        {
            await a.KillAsync();
        }

        var interrupted = await ExtractionAsync(SlowFileName);
        Assert.True(
            interrupted is { State: "Pending", Attempts: 1, Claimed: true, HasText: false },
            $"Instance A was to be stopped while reading the file, claim held and no text saved; the file was {interrupted}. If A finished first, the PDF needs more pages.");

        // 2. Instances A (again, without its text extraction, so that only B can take the file over) and B.
        var startA = _executable.StartSiteAsync("a-again", new Dictionary<string, string> { ["TextExtraction__Enabled"] = "false" });
        var startB = _executable.StartSiteAsync("b", new Dictionary<string, string>());
        await using var siteA = await startA;
        await using var siteB = await startB;

        // Signed in on A, the same browser goes on on B: the session and its antiforgery tokens hold on both.
        using var browser = await SignInAsync(siteA);
        using (var dashboardOnB = await browser.GetAsync(siteB.Url("/admin")))
        {
            Assert.Equal(HttpStatusCode.OK, dashboardOnB.StatusCode);
        }

        // A form rendered by A, posted to B.
        var kind = await ScalarAsync<long>("SELECT Id FROM ResourceKinds WHERE Slug = $p", "fiche");
        const string Title = "Les monnaies locales partagées entre instances";
        const string Slug = "monnaies-locales-partagees";
        using var created = await browser.PostFormAsync(siteA.Url("/admin/ressources/nouvelle"), siteB.Url("/admin/ressources/nouvelle"), new()
        {
            ["Title"] = Title,
            ["Slug"] = Slug,
            ["KindId"] = kind.ToString(CultureInfo.InvariantCulture),
            ["SourceType"] = "Ressources RTES",
            ["Summary"] = "Un résumé.",
            ["Body"] = "Les monnaies locales complémentaires.",
            ["PublishedOn"] = "2026-11-20",
            ["Version"] = "0",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, $"The form rendered by A was refused by B: {(int)created.StatusCode} {Html.Parse(await created.Content.ReadAsStringAsync()).MainText()}");
        var id = await ScalarAsync<long>("SELECT Id FROM Resources WHERE Slug = $p", Slug);

        // Before the publication, B's visitors have the catalogue, its feed and search without it (B's page cache keeps them).
        using var visitorOnB = siteB.NewBrowser();
        using (var before = await visitorOnB.GetAsync($"/ressources/{Slug}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        Assert.DoesNotContain(Title, await visitorOnB.GetStringAsync("/ressources/flux.atom"), StringComparison.Ordinal);
        Assert.DoesNotContain(Slug, await SearchAsync(visitorOnB, "monnaies locales partagées"));

        // Published on A: B shows it at once (page from the database), and as soon as it reads the change table (search, feed).
        var version = await ScalarAsync<long>("SELECT Version FROM Resources WHERE Id = $p", id);
        using (var published = await browser.PostFormAsync(siteA.Url($"/admin/ressources/{id}/modifier"), siteA.Url($"/admin/ressources/{id}/publication"), new()
        {
            ["mode"] = "publier",
            ["version"] = version.ToString(CultureInfo.InvariantCulture),
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        using (var page = await visitorOnB.GetAsync($"/ressources/{Slug}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        Assert.Contains(Slug, await Eventually.ValueAsync(() => SearchAsync(visitorOnB, "monnaies locales partagées"), slugs => slugs.Contains(Slug), TimeSpan.FromSeconds(10)));
        Assert.Contains(Title, await Eventually.ValueAsync(() => visitorOnB.GetStringAsync("/ressources/flux.atom"), feed => feed.Contains(Title, StringComparison.Ordinal), TimeSpan.FromSeconds(10)), StringComparison.Ordinal);

        // Uploaded on A, downloaded on B, whole and by range, from the shared container.
        var bytes = Encoding.ASCII.GetBytes("%PDF-1.4\n% une piece jointe partagee entre les instances\n%%EOF\n");
        await UploadAsync(browser, siteA, id, "programme.pdf", bytes);
        var file = await ScalarAsync<string>("SELECT Id FROM Attachments WHERE ResourceId = $p AND FileName = 'programme.pdf'", id);
        var url = $"/fichiers/{file.ToLowerInvariant()}/programme.pdf";
        Assert.Equal(bytes, await visitorOnB.GetByteArrayAsync(url));
        using (var range = new HttpRequestMessage(HttpMethod.Get, url))
        {
            range.Headers.Range = new RangeHeaderValue(10, 19);
            using var partial = await visitorOnB.SendAsync(range);
            Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
            Assert.Equal(bytes[10..20], await partial.Content.ReadAsByteArrayAsync());
        }

        // 3. B took over the long PDF when A's claim ran out and read it all: A's attempt was the first, and
        //    with A gone and A-again not extracting, every later attempt is B's.
        var finished = await Eventually.ValueAsync(() => ExtractionAsync(SlowFileName), s => s.State != "Pending", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(200));
        Assert.True(finished is { State: "Indexed", Attempts: >= 2, HasText: true }, $"B did not finish the file A left: {finished}.");
        // Indexing a text of 1,500 pages takes each instance a few seconds on a busy machine.
        Assert.Contains(DemoSlugs.Video, await Eventually.ValueAsync(() => SearchAsync(visitorOnB, LastPageWord), slugs => slugs.Contains(DemoSlugs.Video), TimeSpan.FromSeconds(30)));
        using var visitorOnA = siteA.NewBrowser();
        Assert.Contains(DemoSlugs.Video, await Eventually.ValueAsync(() => SearchAsync(visitorOnA, LastPageWord), slugs => slugs.Contains(DemoSlugs.Video), TimeSpan.FromSeconds(30)));
    }

    private sealed record Extraction(string State, long Attempts, bool Claimed, bool HasText);

    private async Task<Extraction> ExtractionAsync(string fileName)
    {
        await using var connection = new SqliteConnection($"Data Source={_executable.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT TextState, TextAttempts, TextClaimedUntil IS NOT NULL, ExtractedText IS NOT NULL FROM Attachments WHERE FileName = $name";
        command.Parameters.AddWithValue("$name", fileName);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No attachment {fileName}.");
        return new Extraction(reader.GetString(0), reader.GetInt64(1), reader.GetBoolean(2), reader.GetBoolean(3));
    }


    private async Task<T> ScalarAsync<T>(string sql, object parameter)
    {
        await using var connection = new SqliteConnection($"Data Source={_executable.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<IReadOnlyList<string>> SearchAsync(HttpClient visitor, string query) =>
        (await visitor.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query))).CardSlugs();

    private static async Task<HttpClient> SignInAsync(SiteProcess site)
    {
        var client = site.NewBrowser();
        using var response = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = EditorEmail, ["Password"] = EditorPassword });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in on {site.Name} failed: {(int)response.StatusCode}");
        return client;
    }

    private static async Task UploadAsync(HttpClient editor, SiteProcess site, long resourceId, string fileName, byte[] bytes)
    {
        var page = await editor.GetDocumentAsync(site.Url($"/admin/ressources/{resourceId}/modifier"));
        var token = page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "fichiers", fileName } };
        using var response = await editor.PostAsync(site.Url($"/admin/ressources/{resourceId}/fichiers"), content);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Upload of {fileName} on {site.Name}: {(int)response.StatusCode}");
    }

    private async Task RunAsync(params string[] args) => AssertSucceeded(await _executable.RunAsync(args), args);

    private static void AssertSucceeded(CommandRun run, params string[] args) =>
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)} failed ({run.ExitCode}): {run.Output}{run.Error}");
}
