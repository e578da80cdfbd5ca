using System.Diagnostics;
using System.Text.Json;

namespace RtesResources.BrowserTests;

/// <summary>The W3C Nu checker (vnu.jar) finds no error in the pages and the stylesheet the site serves.</summary>
[Collection(BrowserTests.Name)]
public class HtmlValidity(BrowserSite site)
{
    private static readonly string[] Pages =
    [
        "/",
        "/ressources",
        "/ressources?q=introuvable&type=fiche",
        "/ressources?thematique=metropoles&annee=2019&acces=public",
        "/ressources?type=podcast",
        "/ressources/retour-sur-le-temps-d-echange-departements-et-ess",
        "/ressources/comment-parler-ess-a-un-e-nouvel-le-elu-e",
        "/ressources/fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal",
        "/page-introuvable",
    ];

    [NuCheckerFact]
    public async Task PagesAndStylesheetHaveNoNuCheckerErrors()
    {
        var jar = ExternalTools.NuCheckerJar ?? throw new InvalidOperationException("vnu.jar is missing: .ci/run installs it with npm.");
        var folder = Directory.CreateTempSubdirectory("rtes-vnu-");
        try
        {
            using var client = new HttpClient { BaseAddress = site.BaseAddress };
            var files = new List<string>();
            for (var i = 0; i < Pages.Length; i++)
            {
                var file = Path.Combine(folder.FullName, $"page{i}.html");
                // The 404 page is checked too: read the body whatever the status.
                using var response = await client.GetAsync(Pages[i]);
                await File.WriteAllTextAsync(file, await response.Content.ReadAsStringAsync());
                files.Add(file);
            }

            var css = Path.Combine(folder.FullName, "site.css");
            await File.WriteAllTextAsync(css, await client.GetStringAsync("/css/site.css"));
            files.Add(css);

            var messages = await RunCheckerAsync(jar, files);

            var errors = messages
                .Where(m => m.GetProperty("type").GetString() is "error" or "non-document-error")
                .Select(m => $"{Describe(m, files)}: {m.GetProperty("message").GetString()}")
                .ToList();
            Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<List<JsonElement>> RunCheckerAsync(string jar, List<string> files)
    {
        var start = new ProcessStartInfo("java") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-jar", jar, "--errors-only", "--also-check-css", "--format", "json" }.Concat(files))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("java could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var report = await process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        await output;

        using var json = JsonDocument.Parse(report);
        return json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.Clone()).ToList();
    }

    private static string Describe(JsonElement message, List<string> files)
    {
        var url = message.TryGetProperty("url", out var u) ? u.GetString() ?? "" : "";
        var index = files.FindIndex(f => url.EndsWith(Path.GetFileName(f), StringComparison.Ordinal));
        var where = index >= 0 && index < Pages.Length ? Pages[index] : Path.GetFileName(url);
        var line = message.TryGetProperty("lastLine", out var l) ? l.GetInt32() : 0;
        return $"{where} line {line}";
    }
}
