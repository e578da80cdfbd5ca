using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// The catalogue answered by SQL, while the search index is being built (a fresh start, a rebuild):
/// the same filters and counts, an accent-folded substring search without ranking (ADR-004).
/// </summary>
public sealed class DatabaseCatalogue(AppDbContext db)
{
    /// <summary>The same listing from SQL: used while the index is being built (accent-folded substring search, no ranking).</summary>
    public async Task<CatalogueResults> SearchAsync(CatalogueCriteria criteria, int requestedPage, CancellationToken cancellationToken)
    {
        var kindCounts = await ToDictionaryAsync(KindCounts(criteria with { KindId = null }), cancellationToken);
        var categoryCounts = await ToDictionaryAsync(CategoryCounts(criteria with { CategoryId = null }), cancellationToken);
        var yearCounts = await ToDictionaryAsync(YearCounts(criteria with { Year = null }), cancellationToken);
        var accessCounts = await ToDictionaryAsync(AccessCounts(criteria with { Access = null }), cancellationToken);

        // The access facet already counts every other filter: the total is its selected part.
        var total = criteria.Access switch
        {
            AccessFilter.Public => accessCounts.GetValueOrDefault(false),
            AccessFilter.MembersOnly => accessCounts.GetValueOrDefault(true),
            _ => accessCounts.Values.Sum(),
        };

        var totalPages = Math.Max(1, (total + CatalogueFilter.PageSize - 1) / CatalogueFilter.PageSize);
        var page = Math.Min(requestedPage, totalPages);
        var items = total == 0 ? [] : await PageQuery(criteria, page).ToListAsync(cancellationToken);
        return new CatalogueResults(total, page, items, kindCounts, categoryCounts, yearCounts, accessCounts, new Dictionary<int, int>(), null);
    }

    public async Task<CatalogueResults> HomeAsync(CatalogueCriteria criteria, int latestCount, CancellationToken cancellationToken)
    {
        var latest = await PageQuery(criteria, 1).Take(latestCount).ToListAsync(cancellationToken);
        var kindCounts = await ToDictionaryAsync(KindCounts(criteria), cancellationToken);
        var categoryCounts = await ToDictionaryAsync(CategoryCounts(criteria), cancellationToken);
        var seriesCounts = await ToDictionaryAsync(SeriesCounts(criteria), cancellationToken);
        return new CatalogueResults(kindCounts.Values.Sum(), 1, latest, kindCounts, categoryCounts, new Dictionary<int, int>(), new Dictionary<bool, int>(), seriesCounts, null);
    }

    internal IQueryable<Resource> Filtered(CatalogueCriteria criteria)
    {
        var query = db.Resources.AsNoTracking().PubliclyVisible(criteria.Now);

        foreach (var term in criteria.SearchTerms)
        {
            // A private body is searched only for those who may read it, so that neither a match
            // nor its absence tells anything about it.
            query = criteria.CanReadPrivate
                ? query.Where(r => r.SearchText.Contains(term) || r.BodySearchText.Contains(term))
                : query.Where(r => r.SearchText.Contains(term) || (!r.IsPrivate && r.BodySearchText.Contains(term)));
        }

        if (criteria.KindId is int kindId)
        {
            query = query.Where(r => r.KindId == kindId);
        }

        if (criteria.CategoryId is int categoryId)
        {
            query = query.Where(r => r.Categories.Any(c => c.Id == categoryId));
        }

        if (criteria.Year is int year)
        {
            // A date range rather than PublishedOn.Year, so that the PublishedOn index serves it.
            var from = new DateOnly(year, 1, 1);
            var to = from.AddYears(1);
            query = query.Where(r => r.PublishedOn >= from && r.PublishedOn < to);
        }

        if (criteria.Access is AccessFilter access)
        {
            var isPrivate = access == AccessFilter.MembersOnly;
            query = query.Where(r => r.IsPrivate == isPrivate);
        }

        if (criteria.SpeakerId is int speakerId)
        {
            query = query.Where(r => r.Speakers.Any(s => s.SpeakerId == speakerId));
        }

        if (criteria.SeriesId is int seriesId)
        {
            query = query.Where(r => r.SeriesId == seriesId);
        }

        return query;
    }

    /// <summary>
    /// The page's ids are chosen from the covering visibility index (ids, dates, numbers only), then
    /// only those rows are read: sorting the whole catalogue never touches its wide rows.
    /// </summary>
    internal IQueryable<ResourceCardViewModel> PageQuery(CatalogueCriteria criteria, int page)
    {
        var pageIds = InCatalogueOrder(Filtered(criteria), criteria)
            .Skip((page - 1) * CatalogueFilter.PageSize)
            .Take(CatalogueFilter.PageSize)
            .Select(r => r.Id);
        return InCatalogueOrder(db.Resources.AsNoTracking().Where(r => pageIds.Contains(r.Id)), criteria).ToCards();
    }

    /// <summary>A collection reads in its own order (fiche n°1, n°2…); everything else newest first.</summary>
    private static IOrderedQueryable<Resource> InCatalogueOrder(IQueryable<Resource> resources, CatalogueCriteria criteria) =>
        criteria.SeriesId is null
            ? resources.OrderByDescending(r => r.PublishedOn).ThenByDescending(r => r.Id)
            : resources.OrderBy(r => r.SeriesNumber == null).ThenBy(r => r.SeriesNumber).ThenByDescending(r => r.PublishedOn).ThenByDescending(r => r.Id);

    internal IQueryable<KeyCount<int>> KindCounts(CatalogueCriteria criteria) =>
        Filtered(criteria).GroupBy(r => r.KindId).Select(g => new KeyCount<int>(g.Key, g.Count()));

    internal IQueryable<KeyCount<int>> CategoryCounts(CatalogueCriteria criteria) =>
        Filtered(criteria).SelectMany(r => r.Categories).GroupBy(c => c.Id).Select(g => new KeyCount<int>(g.Key, g.Count()));

    internal IQueryable<KeyCount<int>> YearCounts(CatalogueCriteria criteria) =>
        Filtered(criteria).GroupBy(r => r.PublishedOn.Year).Select(g => new KeyCount<int>(g.Key, g.Count()));

    internal IQueryable<KeyCount<int>> SeriesCounts(CatalogueCriteria criteria) =>
        Filtered(criteria).Where(r => r.SeriesId != null).GroupBy(r => r.SeriesId!.Value).Select(g => new KeyCount<int>(g.Key, g.Count()));

    internal IQueryable<KeyCount<bool>> AccessCounts(CatalogueCriteria criteria) =>
        Filtered(criteria).GroupBy(r => r.IsPrivate).Select(g => new KeyCount<bool>(g.Key, g.Count()));

    private static async Task<Dictionary<TKey, int>> ToDictionaryAsync<TKey>(IQueryable<KeyCount<TKey>> query, CancellationToken cancellationToken)
        where TKey : notnull =>
        await query.ToDictionaryAsync(k => k.Key, k => k.Count, cancellationToken);

    /// <summary>Resources of the same series first, then those sharing the most thématiques, newest first.</summary>
    internal IQueryable<ResourceCardViewModel> RelatedQuery(int resourceId, List<int> categoryIds, int? seriesId, DateTime now) =>
        db.Resources.AsNoTracking()
            .PubliclyVisible(now)
            .Where(r => r.Id != resourceId && ((seriesId != null && r.SeriesId == seriesId) || r.Categories.Any(c => categoryIds.Contains(c.Id))))
            .OrderByDescending(r => seriesId != null && r.SeriesId == seriesId)
            .ThenByDescending(r => r.Categories.Count(c => categoryIds.Contains(c.Id)))
            .ThenByDescending(r => r.PublishedOn)
            .Take(ResourcePageService.RelatedCount)
            .ToCards();

}
