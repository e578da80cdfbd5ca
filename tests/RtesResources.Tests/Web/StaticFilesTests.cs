using System.Net;
using System.Text.RegularExpressions;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>wwwroot is served from the build's static assets manifest: fingerprinted URLs, cached for a year.</summary>
[Collection(DemoSiteTests.Name)]
public partial class StaticFilesTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task TheLayoutsStylesheetIsFingerprintedAndImmutableForAYear()
    {
        var page = await _client.GetDocumentAsync("/");
        var href = page.QuerySelector("link[rel=stylesheet]")?.GetAttribute("href");

        Assert.NotNull(href);
        Assert.Matches(Fingerprinted(), href);
        using var response = await _client.GetAsync(href);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.True(TimeSpan.FromDays(365) == response.Headers.CacheControl?.MaxAge, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        // The security headers hold for files too.
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.StartsWith("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFaviconIsARealIconLinkedFromTheLayout()
    {
        var page = await _client.GetDocumentAsync("/");
        using var response = await _client.GetAsync("/favicon.ico");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("image/", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0, 0, 1, 0 }, bytes[..4]);
        Assert.NotNull(page.QuerySelector("link[rel=icon][href='/favicon.ico']"));
        Assert.NotNull(page.QuerySelector("link[rel=icon][type='image/svg+xml']"));
    }

    /// <summary>A file name with the manifest's fingerprint before the extension (site.abc123.css).</summary>
    [GeneratedRegex(@"^/(css|js)/[a-z]+\.[a-z0-9]{6,}\.(css|js)$")]
    private static partial Regex Fingerprinted();
}
