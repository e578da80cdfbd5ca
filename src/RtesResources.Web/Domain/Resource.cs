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

    /// <summary>The code of its licence in <see cref="Licences"/>.</summary>
    public string Licence { get; set; } = Licences.OpenLicence.Code;

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

    /// <summary>How far ahead a publication can be scheduled: further is more likely a typo than a plan.</summary>
    public const int MaxScheduleYears = 5;

    public bool IsInBin => DeletedAt is not null;

    public PublicationStatus StatusAt(DateTime nowUtc) => Visibility.StatusOf(PublishAt, DeletedAt, nowUtc);

    /// <summary>A publication can be scheduled in the future, <see cref="MaxScheduleYears"/> ahead at most.</summary>
    public static bool CanScheduleAt(DateTime atUtc, DateTime nowUtc) => atUtc > nowUtc && atUtc <= nowUtc.AddYears(MaxScheduleYears);

    /// <summary>Publishes now; a resource published earlier keeps its moment, so that its place in "latest" does not move.</summary>
    public StateChange Publish(DateTime nowUtc) => SetPublishAt(PublishedSince(PublishAt, nowUtc));

    /// <summary>
    /// The publication moment of a resource published now: it keeps an earlier publication (a
    /// republished resource does not jump to the top of "newest"), a scheduled one is brought forward.
    /// </summary>
    public static DateTime PublishedSince(DateTime? current, DateTime nowUtc) =>
        current is DateTime earlier && earlier <= nowUtc ? earlier : nowUtc;

    public StateChange Schedule(DateTime atUtc, DateTime nowUtc)
    {
        // Callers check first to word the refusal; an unchecked moment here is a bug, not a user error.
        if (!CanScheduleAt(atUtc, nowUtc))
        {
            throw new ArgumentOutOfRangeException(nameof(atUtc), atUtc, "A publication is scheduled in the future, within the allowed years.");
        }

        return SetPublishAt(atUtc);
    }

    /// <summary>Back to draft.</summary>
    public StateChange Unpublish() => SetPublishAt(null);

    public StateChange MoveToBin(DateTime nowUtc)
    {
        if (IsInBin)
        {
            return StateChange.AlreadyDone;
        }

        DeletedAt = nowUtc;
        return StateChange.Changed;
    }

    public StateChange RestoreFromBin()
    {
        if (!IsInBin)
        {
            return StateChange.AlreadyDone;
        }

        DeletedAt = null;
        return StateChange.Changed;
    }

    private StateChange SetPublishAt(DateTime? publishAt)
    {
        // A resource in the bin is neither published nor unpublished: it is restored first, then changed.
        if (IsInBin)
        {
            return StateChange.RefusedInBin;
        }

        if (PublishAt == publishAt)
        {
            return StateChange.AlreadyDone;
        }

        PublishAt = publishAt;
        return StateChange.Changed;
    }
}

/// <summary>What a publication or bin method of <see cref="Resource"/> did.</summary>
public enum StateChange
{
    Changed,

    /// <summary>The resource was already in the target state: nothing changed, and no revision is due.</summary>
    AlreadyDone,

    RefusedInBin,
}

public enum PublicationStatus
{
    Draft,
    Scheduled,
    Published,
    InBin,
}
