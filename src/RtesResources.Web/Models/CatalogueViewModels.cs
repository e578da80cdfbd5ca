using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Web.Models;

/// <summary>One resource in a list: catalogue, home page, related resources.</summary>
public sealed record ResourceCardViewModel(
    string Slug,
    string Title,
    string KindName,
    DateOnly PublishedOn,
    DateOnly? EventDate,
    bool IsPrivate,
    string Excerpt)
{
    /// <summary>The resource's id: a cached page is tagged with the resources its cards show.</summary>
    public int Id { get; init; }

    /// <summary>For a search: the passage where the words were found, HTML-encoded with only &lt;mark&gt; added.</summary>
    public string? PassageHtml { get; init; }

    /// <summary>Where the passage comes from: "dans le résumé", "dans le fichier « … »".</summary>
    public string? PassageSource { get; init; }
}

/// <summary>A value of a filter, with the number of resources it would show.</summary>
public sealed record FacetOption(string Value, string Label, int Count, bool Selected);

/// <summary>A filter in force, with the link that removes it.</summary>
public sealed record ActiveFilter(string Label, string RemoveUrl);

public sealed class CatalogueViewModel
{
    public required CatalogueFilter Filter { get; init; }
    public required IReadOnlyList<ResourceCardViewModel> Items { get; init; }
    public required int TotalCount { get; init; }
    public required int Page { get; init; }
    public required int TotalPages { get; init; }
    public required IReadOnlyList<FacetOption> Kinds { get; init; }
    public required IReadOnlyList<FacetOption> Categories { get; init; }
    public required IReadOnlyList<FacetOption> Years { get; init; }
    public required IReadOnlyList<FacetOption> Access { get; init; }
    public required IReadOnlyList<ActiveFilter> ActiveFilters { get; init; }

    /// <summary>Filters of the URL that were not understood and have been left out, said to the visitor.</summary>
    public required IReadOnlyList<string> Notices { get; init; }

    /// <summary>The order of a search's results; null when there is no search (newest first, or a collection's order).</summary>
    public Features.Search.SearchSort? SortedBy { get; init; }

    /// <summary>
    /// Set when every viewer with private access is shown this page's form and results alike: the view
    /// keeps them rendered under this key. Null for anyone else (the page cache keeps anonymous pages).
    /// </summary>
    public string? SharedRenderingKey { get; init; }

    /// <summary>
    /// How long a shared rendering stays unused before it is dropped. Its key changes with the results
    /// (any change to the index, the next scheduled publication) and terms: this only bounds memory.
    /// </summary>
    public static TimeSpan SharedRenderingLifetime { get; } = TimeSpan.FromMinutes(5);

    /// <summary>The search form's fields: the filter as understood, not the raw query string.</summary>
    public CatalogueQuery Form => Filter.ToQuery();

    public string PageUrl(int page) => Filter.ToUrl(page);

    /// <summary>The Atom feed of this listing: the same filters and words, newest first.</summary>
    public string FeedUrl => Filter.ToFeedUrl();

    public string SortUrl(Features.Search.SearchSort sort) => (Filter with { Sort = sort }).ToUrl();
}

public sealed class HomeViewModel
{
    public required IReadOnlyList<ResourceCardViewModel> Latest { get; init; }
    public required IReadOnlyList<FacetOption> Kinds { get; init; }
    public required IReadOnlyList<FacetOption> Categories { get; init; }
    public required int TotalCount { get; init; }
    public required IReadOnlyList<SeriesLinkViewModel> Series { get; init; }
}

public sealed record SeriesLinkViewModel(string Slug, string Name, string? Description, int Count);

public sealed record CategoryLinkViewModel(string Slug, string Name);

public sealed record SpeakerViewModel(string Slug, string Name, string? Role, string? Organisation);

public sealed record LinkViewModel(string Kind, string Label, string Url, Features.Content.VideoEmbed? Video = null)
{
    /// <summary>A video's transcript, rendered and sanitized on save; null when it has none.</summary>
    public string? TranscriptHtml { get; init; }

    /// <summary>Our route to a video's WebVTT captions; null when it has none.</summary>
    public string? CaptionsUrl { get; init; }
}

public sealed class ResourceDetailViewModel
{
    /// <summary>The resource's id, which tags its cached page (0 when the service has not filled it).</summary>
    public int Id { get; init; }

    public required string Slug { get; init; }
    public required string Title { get; init; }
    public required string KindName { get; init; }
    public required string KindSlug { get; init; }
    public required string SourceType { get; init; }
    public required bool IsPrivate { get; init; }

    /// <summary>False for a private resource seen by someone without private access: body and links are then absent.</summary>
    public required bool CanReadFullContent { get; init; }

    public required DateOnly PublishedOn { get; init; }
    public DateOnly? EventDate { get; init; }
    public required string SummaryHtml { get; init; }

    /// <summary>The summary as plain text, shortened: the page's description for search engines and link previews.</summary>
    public string Excerpt { get; init; } = "";
    public string? BodyHtml { get; init; }
    public Domain.Licence Licence { get; init; } = Domain.Licences.OpenLicence;
    public string? SeriesName { get; init; }
    public string? SeriesSlug { get; init; }
    public int? SeriesNumber { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>Published for the public; staff previews also show drafts, scheduled resources and the bin.</summary>
    public Domain.PublicationStatus Status { get; init; } = Domain.PublicationStatus.Published;

    public DateTime? PublishAt { get; init; }
    public required IReadOnlyList<CategoryLinkViewModel> Categories { get; init; }
    public required IReadOnlyList<SpeakerViewModel> Speakers { get; init; }
    public required IReadOnlyList<LinkViewModel> Links { get; init; }

    /// <summary>Empty for a private resource seen without access; AttachmentCount still says how many there are.</summary>
    public required IReadOnlyList<AttachmentViewModel> Attachments { get; init; }

    public int AttachmentCount { get; init; }
    public required IReadOnlyList<ResourceCardViewModel> Related { get; init; }
}

public sealed record AttachmentViewModel(Guid Id, string Label, string FileName, string ContentType, long Length)
{
    public string Url => $"/fichiers/{Id}/{Uri.EscapeDataString(FileName)}";

    public string Description
    {
        get
        {
            var extension = Path.GetExtension(FileName).TrimStart('.').ToUpperInvariant();
            var size = Length switch
            {
                < 1024 => $"{Length} octets",
                < 1024 * 1024 => $"{Length / 1024.0:0.#} Ko",
                _ => $"{Length / (1024.0 * 1024):0.#} Mo",
            };
            return string.IsNullOrEmpty(extension) ? size : $"{extension}, {size}";
        }
    }
}
