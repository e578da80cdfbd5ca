using Microsoft.Extensions.Primitives;

namespace RtesResources.Web.Features.Statistics;

/// <summary>
/// Which requests are a person reading: a GET (not HEAD), not a prefetch, not a known crawler. The
/// one list of crawlers' user agents is here.
/// </summary>
public static class UsageRequests
{
    /// <summary>Fragments of the user agents of crawlers, link previewers and scripts, compared ignoring case.</summary>
    public static readonly IReadOnlyList<string> CrawlerFragments =
    [
        "bot", "crawl", "spider", "slurp", "archiver", "facebookexternalhit", "embedly", "bingpreview",
        "mediapartners", "feedfetcher", "headlesschrome", "lighthouse", "python-requests", "python-urllib",
        "curl/", "wget/", "go-http-client", "okhttp", "java/", "libwww", "httpclient", "scrapy",
    ];

    public static bool IsCountable(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && !IsPrefetch(request.Headers) && !IsCrawler(request.Headers.UserAgent);

    /// <summary>Browsers say so when they fetch a page ahead of a click (Chromium, Safari, Firefox).</summary>
    public static bool IsPrefetch(IHeaderDictionary headers) =>
        Says(headers["Sec-Purpose"], "prefetch") || Says(headers["Purpose"], "prefetch")
        || Says(headers["X-Purpose"], "preview") || Says(headers["X-Moz"], "prefetch");

    /// <summary>A known crawler, or no user agent at all (no browser sends none).</summary>
    public static bool IsCrawler(StringValues userAgent)
    {
        var text = userAgent.ToString();
        return string.IsNullOrWhiteSpace(text) || CrawlerFragments.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase));
    }

    private static bool Says(StringValues header, string value) =>
        header.Any(h => h is not null && h.Contains(value, StringComparison.OrdinalIgnoreCase));
}
