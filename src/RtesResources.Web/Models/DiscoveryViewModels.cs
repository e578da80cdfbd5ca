namespace RtesResources.Web.Models;

/// <summary>An Atom feed of the newest published resources matching a catalogue filter, as an anonymous visitor sees them.</summary>
public sealed class FeedViewModel
{
    public required string Title { get; init; }

    /// <summary>The feed's own absolute address (its id and rel="self").</summary>
    public required string SelfUrl { get; init; }

    /// <summary>The catalogue page the feed follows (rel="alternate").</summary>
    public required string PageUrl { get; init; }

    public required string BaseUrl { get; init; }

    public required DateTime Updated { get; init; }

    public required IReadOnlyList<ResourceCardViewModel> Entries { get; init; }

    /// <summary>Each entry's licence, by resource id (its &lt;rights&gt;).</summary>
    public required IReadOnlyDictionary<int, Domain.Licence> Licences { get; init; }
}

/// <summary>A sitemap index: one sitemap per slice of published resources, plus the site's own pages.</summary>
public sealed class SitemapIndexViewModel
{
    public required IReadOnlyList<string> SitemapUrls { get; init; }
}

public sealed record SitemapEntry(string Url, DateTime? LastModified);

public sealed class SitemapViewModel
{
    public required IReadOnlyList<SitemapEntry> Entries { get; init; }
}
