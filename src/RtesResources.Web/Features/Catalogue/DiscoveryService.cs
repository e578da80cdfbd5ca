using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Search;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// What feed readers and search engines are given: the Atom feed of a catalogue listing and the
/// sitemap. Both show exactly what an anonymous visitor sees: published resources only, and of a
/// private resource its public fields (title, type, summary), as its card does.
/// </summary>
public sealed class DiscoveryService(AppDbContext db, TimeProvider clock, CatalogueService catalogue)
{
    /// <summary>Resources per sitemap file (the protocol allows 50,000; smaller files are cheaper to render and cache).</summary>
    public const int SitemapSize = 10_000;

    public async Task<FeedViewModel> FeedAsync(CatalogueFilter requested, string baseUrl, CancellationToken cancellationToken)
    {
        // Newest first whatever the listing's order: a feed says what is new.
        var page = await catalogue.SearchAsync(requested with { Page = 1, Sort = SearchSort.Date }, canReadPrivate: false, cancellationToken);
        var filter = page.Filter with { Sort = null };
        var labels = page.ActiveFilters.Select(f => f.Label).ToList();
        var newest = page.Items.Count > 0 ? page.Items.Max(i => i.PublishedOn) : DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        return new FeedViewModel
        {
            Title = labels.Count == 0 ? "Ressources du RTES" : $"Ressources du RTES – {string.Join(", ", labels)}",
            SelfUrl = baseUrl + filter.ToFeedUrl(),
            PageUrl = baseUrl + filter.ToUrl(),
            BaseUrl = baseUrl,
            Updated = newest.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            Entries = page.Items,
            Licences = await db.Resources.LicencesAsync([.. page.Items.Select(i => i.Id)], cancellationToken),
        };
    }

    public async Task<SitemapIndexViewModel> SitemapIndexAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var count = await db.Resources.PubliclyVisible(now).CountAsync(cancellationToken);
        var files = Math.Max(1, (count + SitemapSize - 1) / SitemapSize);
        return new SitemapIndexViewModel { SitemapUrls = [.. Enumerable.Range(1, files).Select(n => $"{baseUrl}/sitemap-{n}.xml")] };
    }

    /// <summary>One slice of the published resources (the first also lists the home page and the catalogue); null past the last.</summary>
    public async Task<SitemapViewModel?> SitemapAsync(int number, string baseUrl, CancellationToken cancellationToken)
    {
        if (number < 1 || number > int.MaxValue / SitemapSize)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var slice = await db.Resources.AsNoTracking()
            .PubliclyVisible(now)
            .OrderBy(r => r.Id)
            .Skip((number - 1) * SitemapSize)
            .Take(SitemapSize)
            .Select(r => new { r.Slug, r.UpdatedAt })
            .ToListAsync(cancellationToken);
        if (slice.Count == 0 && number > 1)
        {
            return null;
        }

        var entries = new List<SitemapEntry>(slice.Count + 2);
        if (number == 1)
        {
            var latest = slice.Count > 0 ? slice.Max(r => r.UpdatedAt) : (DateTime?)null;
            entries.Add(new SitemapEntry(baseUrl + "/", latest));
            entries.Add(new SitemapEntry(baseUrl + "/ressources", latest));
        }

        entries.AddRange(slice.Select(r => new SitemapEntry(baseUrl + ResourceUrls.Page(r.Slug), DateTime.SpecifyKind(r.UpdatedAt, DateTimeKind.Utc))));
        return new SitemapViewModel { Entries = entries };
    }
}
