using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// A catalogue filter with its slugs resolved to ids, ready to become SQL. CanReadPrivate decides
/// whether private bodies take part in search: never for those who may not read them.
/// </summary>
public sealed record CatalogueCriteria
{
    public IReadOnlyList<string> SearchTerms { get; init; } = [];
    public int? KindId { get; init; }
    public int? CategoryId { get; init; }
    public int? Year { get; init; }
    public AccessFilter? Access { get; init; }
    public int? SpeakerId { get; init; }
    public int? SeriesId { get; init; }
    public bool CanReadPrivate { get; init; }

    /// <summary>The moment that decides what is published (UTC).</summary>
    public DateTime Now { get; init; }
}

public sealed record KeyCount<TKey>(TKey Key, int Count);

/// <summary>One page of the catalogue with every facet's counts, from the index or the database.</summary>
public sealed record CatalogueResults(
    int Total,
    int Page,
    IReadOnlyList<ResourceCardViewModel> Items,
    IReadOnlyDictionary<int, int> KindCounts,
    IReadOnlyDictionary<int, int> CategoryCounts,
    IReadOnlyDictionary<int, int> YearCounts,
    IReadOnlyDictionary<bool, int> AccessCounts,
    IReadOnlyDictionary<int, int> SeriesCounts,
    Search.SearchSort? SortedBy)
{
    /// <summary>
    /// Non-zero when <see cref="Search.SearchResultsCache"/> keeps these results and serves them to every
    /// viewer with private access: a number no other results carry, under which what is rendered from
    /// them may be kept too. Zero for results computed for one request only.
    /// </summary>
    public long Generation { get; init; }
}
