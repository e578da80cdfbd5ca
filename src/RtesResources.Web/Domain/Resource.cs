namespace RtesResources.Web.Domain;

/// <summary>
/// One item of the library: a conference, a fiche, a study, a video...
/// The summary is always public (it is the teaser of a private resource); the body, links and
/// attachments of a private resource are for members only.
/// </summary>
public class Resource : IHasTimestamps
{
    public const int SlugMaxLength = 200;
    public const int TitleMaxLength = 300;
    public const string DefaultSourceType = "Ressources RTES";
    public const int ExcerptMaxLength = 320;

    public int Id { get; set; }

    /// <summary>The identifier another tool gave this resource; imports match on it before the slug.</summary>
    public string? ExternalId { get; set; }

    public required string Slug { get; set; }
    public required string Title { get; set; }

    public int KindId { get; set; }
    public ResourceKind Kind { get; set; } = null!;

    /// <summary>"Type de ressource" on the old site: who produced it (RTES, a partner...).</summary>
    public string SourceType { get; set; } = DefaultSourceType;

    /// <summary>"Ressource privée": body, links and files for member collectivities only.</summary>
    public bool IsPrivate { get; set; }

    public string SummaryMarkdown { get; set; } = "";
    public string BodyMarkdown { get; set; } = "";

    // Rendered and sanitized once when the Markdown is saved (see ResourceContentInterceptor).
    public string SummaryHtml { get; set; } = "";
    public string BodyHtml { get; set; } = "";

    /// <summary>The summary as plain text, cut short for cards and listings.</summary>
    public string Excerpt { get; set; } = "";

    // Accent- and case-folded copies for search, kept apart so that a private body is never matched
    // for someone who cannot read it.
    public string SearchText { get; set; } = "";
    public string BodySearchText { get; set; } = "";

    public DateOnly PublishedOn { get; set; }
    public DateOnly? EventDate { get; set; }

    public int? SeriesId { get; set; }
    public Series? Series { get; set; }
    public int? SeriesNumber { get; set; }

    public string? Licence { get; set; }

    /// <summary>
    /// When the resource appears on the public site (UTC); null for a draft. A future date schedules
    /// it: visibility is decided at query time, so no job can miss it.
    /// </summary>
    public DateTime? PublishAt { get; set; }

    /// <summary>Set when the resource is moved to the bin; it can be restored until an Admin purges it.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Concurrency token: incremented on every save (ResourceVersionInterceptor), checked by the UPDATE.</summary>
    public int Version { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }


    public ICollection<Category> Categories { get; set; } = [];
    public ICollection<ResourceSpeaker> Speakers { get; set; } = [];
    public ICollection<ResourceLink> Links { get; set; } = [];
    public ICollection<Attachment> Attachments { get; set; } = [];
    public ICollection<ResourceSlugRedirect> OldSlugs { get; set; } = [];
}

public enum PublicationStatus
{
    Draft,
    Scheduled,
    Published,
    InBin,
}
