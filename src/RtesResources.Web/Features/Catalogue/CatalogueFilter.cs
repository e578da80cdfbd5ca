using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Catalogue;

public enum AccessFilter
{
    Public,
    MembersOnly,
}

/// <summary>
/// The catalogue's query string, read leniently: whatever a visitor types or pastes into the URL,
/// values that make no sense are dropped (and reported by the service), never turned into an error.
/// </summary>
public sealed record CatalogueFilter
{
    public const int PageSize = 20;
    public const int MaxQueryLength = 200;
    public const int MaxSearchTerms = 8;
    public const string AccessPublic = "public";
    public const string AccessMembers = "adherents";
    public const string SortRelevance = "pertinence";
    public const string SortDate = "date";

    public string? Query { get; init; }
    public string? Kind { get; init; }
    public string? Category { get; init; }
    public int? Year { get; init; }
    public AccessFilter? Access { get; init; }
    public string? Speaker { get; init; }
    public string? Series { get; init; }
    public int Page { get; init; } = 1;

    /// <summary>How a search is ordered; null is the default (relevance for a search).</summary>
    public Search.SearchSort? Sort { get; init; }

    /// <summary>Accent- and case-folded words of the search, at most MaxSearchTerms.</summary>
    public IReadOnlyList<string> SearchTerms => SearchText.Normalize(Query)
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)
        .Distinct(StringComparer.Ordinal)
        .Take(MaxSearchTerms)
        .ToList();

    public bool HasCriteria => SearchTerms.Count > 0 || Kind is not null || Category is not null || Year is not null
        || Access is not null || Speaker is not null || Series is not null;

    public static CatalogueFilter Parse(CatalogueQuery query)
    {
        var text = CleanText(query.Q);
        return new CatalogueFilter
        {
            Query = text,
            Kind = CleanSlug(query.Type),
            Category = CleanSlug(query.Thematique),
            Year = int.TryParse(query.Annee, out var year) && year is >= 1900 and <= 2200 ? year : null,
            Access = query.Acces?.Trim().ToLowerInvariant() switch
            {
                AccessPublic => AccessFilter.Public,
                AccessMembers => AccessFilter.MembersOnly,
                _ => null,
            },
            Speaker = CleanSlug(query.Intervenant),
            Series = CleanSlug(query.Serie),
            Page = int.TryParse(query.Page, out var page) && page > 0 ? page : 1,
            Sort = query.Tri?.Trim().ToLowerInvariant() switch
            {
                SortDate => Search.SearchSort.Date,
                SortRelevance => Search.SearchSort.Relevance,
                _ => null,
            },
        };
    }

    /// <summary>The query this filter reads as (cleaned values): what the search form shows.</summary>
    public CatalogueQuery ToQuery(int? page = null) => new()
    {
        Q = Query,
        Type = Kind,
        Thematique = Category,
        Annee = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Acces = Access switch
        {
            AccessFilter.Public => AccessPublic,
            AccessFilter.MembersOnly => AccessMembers,
            _ => null,
        },
        Intervenant = Speaker,
        Serie = Series,
        Page = page is > 1 ? page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
        Tri = Sort switch
        {
            Search.SearchSort.Date => SortDate,
            Search.SearchSort.Relevance => SortRelevance,
            _ => null,
        },
    };

    /// <summary>The catalogue URL of this filter, with the page reset unless given.</summary>
    public string ToUrl(int? page = null)
    {
        var query = ToQuery(page);
        var values = new Dictionary<string, string?>();
        Add(values, nameof(CatalogueQuery.Q), query.Q);
        Add(values, nameof(CatalogueQuery.Type), query.Type);
        Add(values, nameof(CatalogueQuery.Thematique), query.Thematique);
        Add(values, nameof(CatalogueQuery.Annee), query.Annee);
        Add(values, nameof(CatalogueQuery.Acces), query.Acces);
        Add(values, nameof(CatalogueQuery.Intervenant), query.Intervenant);
        Add(values, nameof(CatalogueQuery.Serie), query.Serie);

        // The order only matters to a search: links without words stay short.
        if (Sort == Search.SearchSort.Date && !string.IsNullOrEmpty(Query))
        {
            Add(values, nameof(CatalogueQuery.Tri), SortDate);
        }

        Add(values, nameof(CatalogueQuery.Page), query.Page);
        return QueryHelpers.AddQueryString("/ressources", values);
    }

    /// <summary>The Atom feed of this listing: the same filters and words, newest first (no order, no page).</summary>
    public string ToFeedUrl() => "/ressources/flux.atom" + (this with { Sort = null }).ToUrl()["/ressources".Length..];

    private static void Add(Dictionary<string, string?> values, string property, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[CatalogueQuery.Name(property)] = value;
        }
    }

    private static string? CleanText(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var kept = value.Where(c => !char.IsControl(c)).Take(MaxQueryLength).ToList();
        // Never cut between the two halves of a character outside the BMP (an emoji): a lone half is invalid text.
        if (kept.Count > 0 && char.IsHighSurrogate(kept[^1]))
        {
            kept.RemoveAt(kept.Count - 1);
        }

        var cleaned = new string(kept.ToArray()).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    private static string? CleanSlug(string? value)
    {
        var trimmed = value?.Trim().ToLowerInvariant();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}

/// <summary>
/// The raw query string of /ressources, with its public French names (README), declared once on the
/// properties: the binder reads them, the search form's fields and the catalogue's links are named from
/// them. Strings only, so that no value fails binding.
/// </summary>
public sealed class CatalogueQuery
{
    [ModelBinder(Name = "q")]
    public string? Q { get; set; }

    [ModelBinder(Name = "type")]
    public string? Type { get; set; }

    [ModelBinder(Name = "thematique")]
    public string? Thematique { get; set; }

    [ModelBinder(Name = "annee")]
    public string? Annee { get; set; }

    [ModelBinder(Name = "acces")]
    public string? Acces { get; set; }

    [ModelBinder(Name = "intervenant")]
    public string? Intervenant { get; set; }

    [ModelBinder(Name = "serie")]
    public string? Serie { get; set; }

    [ModelBinder(Name = "page")]
    public string? Page { get; set; }

    [ModelBinder(Name = "tri")]
    public string? Tri { get; set; }

    /// <summary>The query-string name of a property (<c>nameof(Q)</c> gives "q").</summary>
    public static string Name(string property) => Infrastructure.InputNames.Of<CatalogueQuery>(property);
}
