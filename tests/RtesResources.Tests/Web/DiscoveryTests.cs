using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>
/// The Atom feed, the sitemap, robots.txt and each resource's metadata for search engines: well-formed,
/// absolute, and showing only what an anonymous visitor sees (published resources; of a private
/// resource, its public fields).
/// </summary>
public sealed class DiscoveryTests : IDisposable
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    private readonly RtesWebFactory _site;
    private readonly HttpClient _client;

    public DiscoveryTests()
    {
        _site = new RtesWebFactory { Clock = _clock };
        _client = _site.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _site.Dispose();
    }

    [Fact]
    public async Task TheFeedListsPublishedResourcesNewestFirstWithAbsoluteLinks()
    {
        using var response = await _client.GetAsync("/ressources/flux.atom");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType?.MediaType);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal(Atom + "feed", feed.Name);
        var published = await _site.WithDbAsync(db => db.Resources.Where(r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= _clock.GetUtcNow().UtcDateTime)
            .OrderByDescending(r => r.PublishedOn).ThenByDescending(r => r.Id).Select(r => r.Slug).Take(20).ToListAsync());
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(published.Select(s => "http://localhost/ressources/" + s), entries.Select(e => e.Element(Atom + "id")!.Value));
        Assert.All(feed.Descendants(Atom + "link"), link => Assert.StartsWith("http://localhost/", link.Attribute("href")!.Value, StringComparison.Ordinal));
        Assert.NotEmpty(feed.Element(Atom + "updated")!.Value);
    }

    [Fact]
    public async Task APrivateResourceGivesItsPublicFieldsOnly()
    {
        var feed = await FeedAsync("/ressources/flux.atom?acces=adherents");
        var entry = feed.Elements(Atom + "entry").Single(e => e.Element(Atom + "id")!.Value.EndsWith(DemoSlugs.PrivateNewElected, StringComparison.Ordinal));

        Assert.StartsWith("Ressource réservée aux adhérents.", entry.Element(Atom + "summary")!.Value, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, feed.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Rochelle", feed.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheFeedFollowsTheCataloguesFiltersAndTheCatalogueLinksToIt()
    {
        var feed = await FeedAsync("/ressources/flux.atom?type=fiche");
        var kinds = feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "category")!.Attribute("term")!.Value).ToList();
        Assert.NotEmpty(kinds);
        Assert.All(kinds, kind => Assert.Equal("Fiche", kind));
        Assert.Contains("Type : Fiche", feed.Element(Atom + "title")!.Value, StringComparison.Ordinal);

        var page = await _client.GetDocumentAsync("/ressources?type=fiche&page=1");
        var alternate = page.QuerySelector("link[rel=alternate][type='application/atom+xml']");
        Assert.Equal("/ressources/flux.atom?type=fiche", alternate?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("?type=inconnu")]
    [InlineData("?thematique=nulle-part&annee=abc")]
    [InlineData("?acces=tous-les-secrets&page=-4")]
    public async Task AnUnknownFilterValueIsDroppedAsTheCatalogueDropsIt(string query)
    {
        using var response = await _client.GetAsync("/ressources/flux.atom" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        var unfiltered = await FeedAsync("/ressources/flux.atom");

        Assert.Equal(
            unfiltered.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value),
            feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "id")!.Value));
    }

    [Fact]
    public async Task AScheduledResourceJoinsTheFeedAndTheSitemapAtItsTime()
    {
        await _site.WithDbAsync(async db =>
        {
            var study = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study);
            study.PublishAt = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
            study.PublishedOn = new DateOnly(2026, 11, 27);
            await db.SaveChangesAsync();
        });
        Assert.DoesNotContain(DemoSlugs.Study, (await FeedAsync("/ressources/flux.atom")).ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSlugs.Study, await _client.GetStringAsync("/sitemap-1.xml"), StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromDays(1));

        var first = (await FeedAsync("/ressources/flux.atom")).Elements(Atom + "entry").First();
        Assert.EndsWith(DemoSlugs.Study, first.Element(Atom + "id")!.Value, StringComparison.Ordinal);
        Assert.Contains(DemoSlugs.Study, await _client.GetStringAsync("/sitemap-1.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSitemapListsPublishedPagesOnlyWithTheirLastChange()
    {
        var index = XDocument.Parse(await _client.GetStringAsync("/sitemap.xml")).Root!;
        Assert.Equal(Sitemaps + "sitemapindex", index.Name);
        Assert.Equal(["http://localhost/sitemap-1.xml"], index.Elements(Sitemaps + "sitemap").Select(s => s.Element(Sitemaps + "loc")!.Value));

        await _site.WithDbAsync(async db =>
        {
            (await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Video)).DeletedAt = _clock.GetUtcNow().UtcDateTime;
            (await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Departements)).PublishAt = null;
            await db.SaveChangesAsync();
        });

        var urlset = XDocument.Parse(await _client.GetStringAsync("/sitemap-1.xml")).Root!;
        var urls = urlset.Elements(Sitemaps + "url").ToList();
        var locations = urls.Select(u => u.Element(Sitemaps + "loc")!.Value).ToList();
        var expected = await _site.WithDbAsync(db => db.Resources.Where(r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= _clock.GetUtcNow().UtcDateTime).Select(r => r.Slug).ToListAsync());

        Assert.Equal(["http://localhost/", "http://localhost/ressources", .. expected.Select(s => "http://localhost/ressources/" + s).Order()], [locations[0], locations[1], .. locations.Skip(2).Order()]);
        Assert.DoesNotContain(locations, l => l.EndsWith(DemoSlugs.Video, StringComparison.Ordinal) || l.EndsWith(DemoSlugs.Departements, StringComparison.Ordinal));
        Assert.All(urls, u => Assert.True(DateTime.TryParse(u.Element(Sitemaps + "lastmod")?.Value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out _)));
    }

    [Theory]
    [InlineData("/sitemap-2.xml")]
    [InlineData("/sitemap-0.xml")]
    [InlineData("/sitemap-abc.xml")]
    [InlineData("/sitemap-99999999999.xml")]
    public async Task ASitemapPastTheLastOrMalformedIsNotFound(string url)
    {
        using var response = await _client.GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RobotsKeepCrawlersOutOfTheBackOfficeAccountsAndResultPages()
    {
        var robots = await _client.GetStringAsync("/robots.txt");

        Assert.Contains("Disallow: /admin", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /compte", robots, StringComparison.Ordinal);
        Assert.Contains("Allow: /compte/connexion", robots, StringComparison.Ordinal);
        Assert.Contains("Disallow: /ressources?", robots, StringComparison.Ordinal);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResourcePageDescribesItselfForSearchEnginesAndLinkPreviews()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.PrivateConference2021);

        var canonical = "http://localhost/ressources/" + DemoSlugs.PrivateConference2021;
        Assert.Equal(canonical, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.Equal(canonical, page.QuerySelector("meta[property='og:url']")?.GetAttribute("content"));
        Assert.False(string.IsNullOrEmpty(page.QuerySelector("meta[property='og:description']")?.GetAttribute("content")));
        using var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        var item = json.RootElement;
        Assert.Equal("https://schema.org", item.GetProperty("@context").GetString());
        Assert.Equal("Event", item.GetProperty("@type").GetString());
        Assert.False(item.GetProperty("isAccessibleForFree").GetBoolean());
        Assert.All(item.GetProperty("performer").EnumerateArray(), p => Assert.Equal("Person", p.GetProperty("@type").GetString()));

        var study = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.Study);
        using var report = JsonDocument.Parse(study.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("Report", report.RootElement.GetProperty("@type").GetString());
    }

    [Fact]
    public async Task APrivateResourcesStructuredDataHoldsNoPrivateText()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        var head = page.Head!.InnerHtml;

        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Rochelle", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task MarkupInATitleCannotLeaveTheStructuredData()
    {
        await _site.WithDbAsync(async db =>
        {
            (await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study)).Title = "Étude </script><script>alert(1)</script> & co";
            await db.SaveChangesAsync();
        });

        var html = await _client.GetStringAsync("/ressources/" + DemoSlugs.Study);
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.Study);

        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("script[type='application/ld+json']"));
        using var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("Étude </script><script>alert(1)</script> & co", json.RootElement.GetProperty("name").GetString());
    }

    private async Task<XElement> FeedAsync(string url) => XDocument.Parse(await _client.GetStringAsync(url)).Root!;
}
