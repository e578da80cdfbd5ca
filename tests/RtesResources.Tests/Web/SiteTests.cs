using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

[Collection(DemoSiteTests.Name)]
public class SiteTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task HealthEndpointReportsTheDatabase()
    {
        using var response = await _client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ressources")]
    [InlineData("/ressources/" + DemoSlugs.Fiche3)]
    [InlineData("/page-inconnue")]
    public async Task EveryPageSendsSecurityHeaders(string url)
    {
        using var response = await _client.GetAsync(url);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.Contains("Permissions-Policy"));
    }

    [Fact]
    public void EndpointsRequireASignedInUserUnlessTheyOptOut()
    {
        var options = site.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;

        Assert.NotNull(options.FallbackPolicy);
        Assert.Contains(options.FallbackPolicy!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ressources")]
    [InlineData("/ressources/" + DemoSlugs.PrivateConference2021)]
    [InlineData("/introuvable")]
    public async Task PagesAreAccessibleByStructureAndLoadNothingFromElsewhere(string url)
    {
        using var response = await _client.GetAsync(url);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Single(page.QuerySelectorAll("main#contenu"));
        Assert.Equal("#contenu", page.QuerySelector("body > a.skip-link")?.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("header nav[aria-label]"));
        Assert.NotNull(page.QuerySelector("footer"));
        Assert.NotNull(page.QuerySelector("meta[name=viewport]"));
        Assert.False(string.IsNullOrWhiteSpace(page.Title));
        // What the page loads (the canonical and feed links name addresses, they load nothing).
        var assets = page.QuerySelectorAll("script[src], link[href]:not([rel=canonical]):not([rel=alternate]), img[src], iframe")
            .Select(e => e.GetAttribute("src") ?? e.GetAttribute("href") ?? "");
        Assert.All(assets, asset => Assert.StartsWith("/", asset, StringComparison.Ordinal));
        Assert.All(page.QuerySelectorAll("select, input:not([type=hidden])"), control =>
            Assert.NotNull(page.QuerySelector($"label[for='{control.Id}']")));
    }

    [Fact]
    public async Task StylesheetIsServed()
    {
        var page = await _client.GetDocumentAsync("/");
        var href = page.QuerySelector("link[rel=stylesheet]")!.GetAttribute("href")!;

        using var response = await _client.GetAsync(href);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
    }
}
