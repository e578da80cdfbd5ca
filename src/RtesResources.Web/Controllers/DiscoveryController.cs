using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Controllers;

/// <summary>Feeds, sitemap and robots.txt: public, cached like the pages they describe.</summary>
[AllowAnonymous]
public sealed class DiscoveryController(DiscoveryService discovery, PublicAddress address) : Controller
{
    [HttpGet("ressources/flux.atom")]
    [AnonymousPageCache]
    public async Task<IActionResult> Feed([FromQuery] CatalogueQuery query, CancellationToken cancellationToken)
    {
        var model = await discovery.FeedAsync(CatalogueFilter.Parse(query), address.BaseUrl(Request), cancellationToken);
        return Xml("Feed", model, "application/atom+xml; charset=utf-8");
    }

    [HttpGet("sitemap.xml")]
    [AnonymousPageCache]
    public async Task<IActionResult> SitemapIndex(CancellationToken cancellationToken) =>
        Xml("SitemapIndex", await discovery.SitemapIndexAsync(address.BaseUrl(Request), cancellationToken), "application/xml; charset=utf-8");

    [HttpGet("sitemap-{number}.xml")]
    [AnonymousPageCache]
    public async Task<IActionResult> Sitemap(string number, CancellationToken cancellationToken)
    {
        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return NotFound();
        }

        var model = await discovery.SitemapAsync(n, address.BaseUrl(Request), cancellationToken);
        return model is null ? NotFound() : Xml("Sitemap", model, "application/xml; charset=utf-8");
    }

    /// <summary>
    /// Crawlers may read the catalogue and its resources, not the back-office, accounts or result
    /// pages. The sign-in page is public, and the way members find the site: it stays crawlable.
    /// </summary>
    [HttpGet("robots.txt")]
    public IActionResult Robots() => Content(
        $"""
        User-agent: *
        Allow: /compte/connexion
        Disallow: /admin
        Disallow: /compte
        Disallow: /ressources?
        Disallow: /ressources/suggestions

        Sitemap: {address.BaseUrl(Request)}/sitemap.xml

        """,
        "text/plain; charset=utf-8");

    private ViewResult Xml(string view, object model, string contentType)
    {
        var result = View(view, model);
        result.ContentType = contentType;
        return result;
    }
}
