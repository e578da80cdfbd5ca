using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace RtesResources.Tests.Infrastructure;

/// <summary>Reads pages as a browser would: parsed HTML, not strings.</summary>
public static class Html
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IDocument> GetDocumentAsync(this HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}.");
        return Parser.ParseDocument(body);
    }

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The page a POST leads to: the one it redirects to, or the form it shows again (with the errors).</summary>
    public static async Task<IDocument> AnswerDocumentAsync(this HttpClient client, HttpResponseMessage response)
    {
        if (response.Headers.Location is { } location)
        {
            return await client.GetDocumentAsync(location.OriginalString);
        }

        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST answered {(int)response.StatusCode}.");
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static IReadOnlyList<string> CardTitles(this IDocument document) =>
        document.QuerySelectorAll(".card-title a").Select(a => a.TextContent.Trim()).ToList();

    public static IReadOnlyList<string> CardSlugs(this IDocument document) =>
        document.QuerySelectorAll(".card-title a").Select(a => a.GetAttribute("href")!.Replace("/ressources/", "", StringComparison.Ordinal)).ToList();

    /// <summary>The options of a filter select, as "label (count)" texts keyed by value.</summary>
    public static IReadOnlyDictionary<string, string> SelectOptions(this IDocument document, string selectId) =>
        document.QuerySelectorAll($"select#{selectId} option")
            .Where(o => !string.IsNullOrEmpty(o.GetAttribute("value")))
            .ToDictionary(o => o.GetAttribute("value")!, o => o.TextContent.Trim());

    public static string? SelectedValue(this IDocument document, string selectId) =>
        document.QuerySelector($"select#{selectId} option[selected]")?.GetAttribute("value");

    public static string MainText(this IDocument document) => document.QuerySelector("main")?.TextContent ?? "";
}
