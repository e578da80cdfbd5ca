using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// The public catalogue: filtered, searched, counted and paged listings. Every facet count applies
/// every filter but its own, so each value says how many resources choosing it would show.
/// </summary>
public sealed class CatalogueService(AppDbContext db, TimeProvider clock)
{
    public const int HomeLatestCount = 6;
    private static readonly StringComparer FrenchOrder = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);

    public async Task<CatalogueViewModel> SearchAsync(CatalogueFilter requested, bool canReadPrivate, CancellationToken cancellationToken = default)
    {
        var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var notices = new List<string>();
        var filter = requested;

        var kind = filter.Kind is null ? null : kinds.Find(k => k.Slug == filter.Kind);
        if (filter.Kind is not null && kind is null)
        {
            notices.Add("Le type de ressource demandé n'existe pas : ce filtre a été retiré.");
            filter = filter with { Kind = null };
        }

        var category = filter.Category is null ? null : categories.Find(c => c.Slug == filter.Category);
        if (filter.Category is not null && category is null)
        {
            notices.Add("La thématique demandée n'existe pas : ce filtre a été retiré.");
            filter = filter with { Category = null };
        }

        Speaker? speaker = null;
        if (filter.Speaker is not null)
        {
            speaker = await db.Speakers.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == filter.Speaker, cancellationToken);
            if (speaker is null)
            {
                notices.Add("L'intervenant·e demandé·e est inconnu·e : ce filtre a été retiré.");
                filter = filter with { Speaker = null };
            }
        }

        Series? series = null;
        if (filter.Series is not null)
        {
            series = await db.Series.AsNoTracking().SingleOrDefaultAsync(s => s.Slug == filter.Series, cancellationToken);
            if (series is null)
            {
                notices.Add("La collection demandée n'existe pas : ce filtre a été retiré.");
                filter = filter with { Series = null };
            }
        }

        var criteria = new CatalogueCriteria
        {
            SearchTerms = filter.SearchTerms,
            KindId = kind?.Id,
            CategoryId = category?.Id,
            Year = filter.Year,
            Access = filter.Access,
            SpeakerId = speaker?.Id,
            SeriesId = series?.Id,
            CanReadPrivate = canReadPrivate,
            Now = clock.GetUtcNow().UtcDateTime,
        };

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
        var page = Math.Min(filter.Page, totalPages);
        filter = filter with { Page = page };

        var items = total == 0
            ? []
            : await PageQuery(criteria, page).ToListAsync(cancellationToken);

        return new CatalogueViewModel
        {
            Filter = filter,
            Items = items,
            TotalCount = total,
            Page = page,
            TotalPages = totalPages,
            Kinds = kinds
                .Select(k => new FacetOption(k.Slug, k.Name, kindCounts.GetValueOrDefault(k.Id), k.Id == kind?.Id))
                .Where(o => o.Count > 0 || o.Selected)
                .ToList(),
            Categories = categories
                .OrderBy(c => c.Name, FrenchOrder)
                .Select(c => new FacetOption(c.Slug, c.Name, categoryCounts.GetValueOrDefault(c.Id), c.Id == category?.Id))
                .Where(o => o.Count > 0 || o.Selected)
                .ToList(),
            Years = yearCounts
                .Concat(filter.Year is int y && !yearCounts.ContainsKey(y) ? [new KeyValuePair<int, int>(y, 0)] : [])
                .OrderByDescending(p => p.Key)
                .Select(p => new FacetOption(p.Key.ToString(CultureInfo.InvariantCulture), p.Key.ToString(CultureInfo.InvariantCulture), p.Value, p.Key == filter.Year))
                .ToList(),
            Access =
            [
                new FacetOption(CatalogueFilter.AccessPublic, "Publique", accessCounts.GetValueOrDefault(false), filter.Access == AccessFilter.Public),
                new FacetOption(CatalogueFilter.AccessMembers, "Réservée aux adhérents", accessCounts.GetValueOrDefault(true), filter.Access == AccessFilter.MembersOnly),
            ],
            ActiveFilters = DescribeActiveFilters(filter, kind, category, speaker, series),
            Notices = notices,
        };
    }

    public async Task<HomeViewModel> GetHomeAsync(bool canReadPrivate, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var criteria = new CatalogueCriteria { CanReadPrivate = canReadPrivate, Now = now };
        var latest = await PageQuery(criteria, 1).Take(HomeLatestCount).ToListAsync(cancellationToken);
        var kindCounts = await ToDictionaryAsync(KindCounts(criteria), cancellationToken);
        var categoryCounts = await ToDictionaryAsync(CategoryCounts(criteria), cancellationToken);
        var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken);
        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var series = await db.Series.AsNoTracking()
            .OrderBy(s => s.Name)
            .Select(s => new SeriesLinkViewModel(s.Slug, s.Name, s.Description, s.Resources.AsQueryable().Count(Visibility.IsPublic(now))))
            .ToListAsync(cancellationToken);

        return new HomeViewModel
        {
            Latest = latest,
            TotalCount = kindCounts.Values.Sum(),
            Kinds = kinds
                .Select(k => new FacetOption(k.Slug, k.PluralName, kindCounts.GetValueOrDefault(k.Id), false))
                .Where(o => o.Count > 0)
                .ToList(),
            Categories = categories
                .OrderBy(c => c.Name, FrenchOrder)
                .Select(c => new FacetOption(c.Slug, c.Name, categoryCounts.GetValueOrDefault(c.Id), false))
                .Where(o => o.Count > 0)
                .ToList(),
            Series = series,
        };
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

    internal IQueryable<KeyCount<bool>> AccessCounts(CatalogueCriteria criteria) =>
        Filtered(criteria).GroupBy(r => r.IsPrivate).Select(g => new KeyCount<bool>(g.Key, g.Count()));

    private static async Task<Dictionary<TKey, int>> ToDictionaryAsync<TKey>(IQueryable<KeyCount<TKey>> query, CancellationToken cancellationToken)
        where TKey : notnull =>
        await query.ToDictionaryAsync(k => k.Key, k => k.Count, cancellationToken);

    private static List<ActiveFilter> DescribeActiveFilters(CatalogueFilter filter, ResourceKind? kind, Category? category, Speaker? speaker, Series? series)
    {
        var active = new List<ActiveFilter>();
        if (!string.IsNullOrEmpty(filter.Query))
        {
            active.Add(new ActiveFilter($"Recherche : « {filter.Query} »", (filter with { Query = null }).ToUrl()));
        }

        if (kind is not null)
        {
            active.Add(new ActiveFilter($"Type : {kind.Name}", (filter with { Kind = null }).ToUrl()));
        }

        if (category is not null)
        {
            active.Add(new ActiveFilter($"Thématique : {category.Name}", (filter with { Category = null }).ToUrl()));
        }

        if (filter.Year is int year)
        {
            active.Add(new ActiveFilter($"Année : {year}", (filter with { Year = null }).ToUrl()));
        }

        if (filter.Access is AccessFilter access)
        {
            var label = access == AccessFilter.Public ? "Accès : publique" : "Accès : réservée aux adhérents";
            active.Add(new ActiveFilter(label, (filter with { Access = null }).ToUrl()));
        }

        if (speaker is not null)
        {
            active.Add(new ActiveFilter($"Intervenant·e : {speaker.Name}", (filter with { Speaker = null }).ToUrl()));
        }

        if (series is not null)
        {
            active.Add(new ActiveFilter($"Collection : {series.Name}", (filter with { Series = null }).ToUrl()));
        }

        return active;
    }
}
