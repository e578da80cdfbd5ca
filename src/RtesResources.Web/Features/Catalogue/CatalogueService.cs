using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Search;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// The public catalogue: filtered, searched, counted and paged listings. Every facet count applies
/// every filter but its own, so each value says how many resources choosing it would show. The
/// search index answers; while it is being built, the database does (same filters and counts).
/// </summary>
public sealed class CatalogueService(
    AppDbContext db,
    TimeProvider clock,
    CatalogueTerms catalogueTerms,
    DatabaseCatalogue databaseCatalogue,
    SearchIndex searchIndex,
    IndexCatalogue indexCatalogue,
    SearchAdmission admission,
    ILogger<CatalogueService> logger)
{
    public const int HomeLatestCount = 6;
    private static readonly StringComparer FrenchOrder = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);

    public async Task<CatalogueViewModel> SearchAsync(CatalogueFilter requested, bool canReadPrivate, CancellationToken cancellationToken = default)
    {
        var terms = await catalogueTerms.GetAsync(cancellationToken);
        var notices = new List<string>();
        var filter = requested;

        var kind = filter.Kind is null ? null : terms.Kinds.FirstOrDefault(k => k.Slug == filter.Kind);
        if (filter.Kind is not null && kind is null)
        {
            notices.Add("Le type de ressource demandé n'existe pas : ce filtre a été retiré.");
            filter = filter with { Kind = null };
        }

        var category = filter.Category is null ? null : terms.Categories.FirstOrDefault(c => c.Slug == filter.Category);
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

        var series = filter.Series is null ? null : terms.Series.FirstOrDefault(s => s.Slug == filter.Series);
        if (filter.Series is not null && series is null)
        {
            notices.Add("La collection demandée n'existe pas : ce filtre a été retiré.");
            filter = filter with { Series = null };
        }

        if (!IndexCatalogue.IsSearchable(SearchQuery.Parse(filter.Query)))
        {
            notices.Add("Votre recherche ne contient aucun mot à chercher : essayez avec des mots plutôt que des signes ou des mots très courants.");
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

        var found = await SearchIndexAsync(filter, criteria, cancellationToken) ?? await databaseCatalogue.SearchAsync(criteria, filter.Page, cancellationToken);
        filter = filter with { Page = found.Page };
        var totalPages = Math.Max(1, (found.Total + CatalogueFilter.PageSize - 1) / CatalogueFilter.PageSize);

        return new CatalogueViewModel
        {
            Filter = filter,
            Items = found.Items,
            TotalCount = found.Total,
            Page = found.Page,
            TotalPages = totalPages,
            Kinds = terms.Kinds
                .Select(k => new FacetOption(k.Slug, k.Name, found.KindCounts.GetValueOrDefault(k.Id), k.Id == kind?.Id))
                .Where(o => o.Count > 0 || o.Selected)
                .ToList(),
            Categories = terms.Categories
                .OrderBy(c => c.Name, FrenchOrder)
                .Select(c => new FacetOption(c.Slug, c.Name, found.CategoryCounts.GetValueOrDefault(c.Id), c.Id == category?.Id))
                .Where(o => o.Count > 0 || o.Selected)
                .ToList(),
            Years = found.YearCounts
                .Where(p => p.Value > 0)
                .Concat(filter.Year is int y && found.YearCounts.GetValueOrDefault(y) == 0 ? [new KeyValuePair<int, int>(y, 0)] : [])
                .OrderByDescending(p => p.Key)
                .Select(p => new FacetOption(p.Key.ToString(CultureInfo.InvariantCulture), p.Key.ToString(CultureInfo.InvariantCulture), p.Value, p.Key == filter.Year))
                .ToList(),
            Access =
            [
                new FacetOption(CatalogueFilter.AccessPublic, "Publique", found.AccessCounts.GetValueOrDefault(false), filter.Access == AccessFilter.Public),
                new FacetOption(CatalogueFilter.AccessMembers, "Réservée aux adhérents", found.AccessCounts.GetValueOrDefault(true), filter.Access == AccessFilter.MembersOnly),
            ],
            ActiveFilters = DescribeActiveFilters(filter, kind, category, speaker, series),
            Notices = notices,
            SortedBy = found.SortedBy,
            SharedRenderingKey = SharedRenderingKey(found, terms, filter, speaker, notices),
        };
    }

    /// <summary>
    /// Everything the filter form and the results of a page are rendered from, when its results are
    /// shared by every viewer with private access (<see cref="CatalogueResults.Generation"/>), so that
    /// they may share the rendering too; null otherwise. Each value is length-prefixed: no text typed
    /// can make two different pages one key.
    /// </summary>
    internal static string? SharedRenderingKey(CatalogueResults found, CatalogueTermLists terms, CatalogueFilter filter, Speaker? speaker, IReadOnlyList<string> notices)
    {
        if (found.Generation == 0)
        {
            return null;
        }

        var key = new StringBuilder(128);
        Append(key, found.Generation.ToString(CultureInfo.InvariantCulture));
        Append(key, terms.Version.ToString(CultureInfo.InvariantCulture));
        Append(key, filter.Query);
        Append(key, filter.Kind);
        Append(key, filter.Category);
        Append(key, filter.Year?.ToString(CultureInfo.InvariantCulture));
        Append(key, filter.Access?.ToString());
        Append(key, filter.Speaker);
        Append(key, filter.Series);
        Append(key, filter.Page.ToString(CultureInfo.InvariantCulture));
        Append(key, filter.Sort?.ToString());
        Append(key, speaker?.Id.ToString(CultureInfo.InvariantCulture));
        Append(key, speaker?.Name);
        foreach (var notice in notices)
        {
            Append(key, notice);
        }

        return key.ToString();

        static void Append(StringBuilder key, string? value) =>
            key.Append(value is null ? "-" : value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('|');
    }

    /// <summary>
    /// The unfiltered catalogue's counts per kind, thématique and collection, exactly as its facets and
    /// the home page count them (from the index; from the database while the index is being built).
    /// Without words searched, private access changes no count: a private resource's teaser is listed for all.
    /// </summary>
    public async Task<CatalogueResults> TermCountsAsync(CancellationToken cancellationToken = default)
    {
        var criteria = new CatalogueCriteria { CanReadPrivate = false, Now = clock.GetUtcNow().UtcDateTime };
        return SearchIndex(new CatalogueFilter(), criteria, 1) ?? await databaseCatalogue.HomeAsync(criteria, 1, cancellationToken);
    }

    public async Task<HomeViewModel> GetHomeAsync(bool canReadPrivate, CancellationToken cancellationToken = default)
    {
        var terms = await catalogueTerms.GetAsync(cancellationToken);
        var criteria = new CatalogueCriteria { CanReadPrivate = canReadPrivate, Now = clock.GetUtcNow().UtcDateTime };
        var found = SearchIndex(new CatalogueFilter(), criteria, HomeLatestCount) ?? await databaseCatalogue.HomeAsync(criteria, HomeLatestCount, cancellationToken);

        return new HomeViewModel
        {
            Latest = found.Items,
            TotalCount = found.Total,
            Kinds = terms.Kinds
                .Select(k => new FacetOption(k.Slug, k.PluralName, found.KindCounts.GetValueOrDefault(k.Id), false))
                .Where(o => o.Count > 0)
                .ToList(),
            Categories = terms.Categories
                .OrderBy(c => c.Name, FrenchOrder)
                .Select(c => new FacetOption(c.Slug, c.Name, found.CategoryCounts.GetValueOrDefault(c.Id), false))
                .Where(o => o.Count > 0)
                .ToList(),
            Series = terms.Series
                .Select(s => new SeriesLinkViewModel(s.Slug, s.Name, s.Description, found.SeriesCounts.GetValueOrDefault(s.Id)))
                .ToList(),
        };
    }

    /// <summary>As <see cref="SearchIndex"/>, a new search waiting for its turn (<see cref="SearchAdmission"/>).</summary>
    private async Task<CatalogueResults?> SearchIndexAsync(CatalogueFilter filter, CatalogueCriteria criteria, CancellationToken cancellationToken)
    {
        if (!searchIndex.IsReady)
        {
            return null;
        }

        var request = new IndexSearchRequest(criteria, SearchQuery.Parse(filter.Query)) { Sort = filter.Sort ?? SearchSort.Relevance, Page = filter.Page };
        if (!indexCatalogue.NeedsNewSearch(request))
        {
            return SearchIndex(filter, criteria);
        }

        using (await admission.EnterAsync(cancellationToken))
        {
            return SearchIndex(filter, criteria);
        }
    }

    /// <summary>Results and every count from the search index; null while it is not ready (the database answers then).</summary>
    private CatalogueResults? SearchIndex(CatalogueFilter filter, CatalogueCriteria criteria, int pageSize = CatalogueFilter.PageSize)
    {
        if (!searchIndex.IsReady)
        {
            return null;
        }

        var query = SearchQuery.Parse(filter.Query);
        var sort = filter.Sort ?? SearchSort.Relevance;
        try
        {
            return indexCatalogue.Search(new IndexSearchRequest(criteria, query) { Sort = sort, Page = filter.Page, PageSize = pageSize });
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.QueryFailed(exception, filter.Query ?? "");
            return null;
        }
    }

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
