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

    /// <summary>The catalogue URL of this filter, with the page reset unless given.</summary>
    public string ToUrl(int? page = null)
    {
        var values = new Dictionary<string, string?>();
        if (!string.IsNullOrEmpty(Query))
        {
            values["q"] = Query;
        }

        Add(values, "type", Kind);
        Add(values, "thematique", Category);
        Add(values, "annee", Year?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Add(values, "acces", Access switch
        {
            AccessFilter.Public => AccessPublic,
            AccessFilter.MembersOnly => AccessMembers,
            _ => null,
        });
        Add(values, "intervenant", Speaker);
        Add(values, "serie", Series);
        if (Sort == Search.SearchSort.Date && !string.IsNullOrEmpty(Query))
        {
            values["tri"] = SortDate;
        }

        if (page is > 1)
        {
            values["page"] = page.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return QueryHelpers.AddQueryString("/ressources", values);
    }

    /// <summary>The Atom feed of this listing: the same filters and words, newest first (no order, no page).</summary>
    public string ToFeedUrl() => "/ressources/flux.atom" + (this with { Sort = null }).ToUrl()["/ressources".Length..];

    private static void Add(Dictionary<string, string?> values, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            values[key] = value;
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

/// <summary>The raw query string of /ressources, with its public French names. Strings only, so that no value fails binding.</summary>
public sealed class CatalogueQuery
{
    public string? Q { get; set; }
    public string? Type { get; set; }
    public string? Thematique { get; set; }
    public string? Annee { get; set; }
    public string? Acces { get; set; }
    public string? Intervenant { get; set; }
    public string? Serie { get; set; }
    public string? Page { get; set; }
    public string? Tri { get; set; }
}
