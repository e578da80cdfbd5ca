namespace RtesResources.Web.Domain;

/// <summary>A link of a resource: its recording, its slide deck, a related page.</summary>
public class ResourceLink
{
    public const int UrlMaxLength = 2000;

    public int Id { get; set; }
    public int ResourceId { get; set; }
    public Resource Resource { get; set; } = null!;

    public LinkKind Kind { get; set; }
    public required string Label { get; set; }
    public required string Url { get; set; }
    public int Position { get; set; }

    /// <summary>A video's transcript in Markdown; rendered on save like the body (ResourceContentInterceptor).</summary>
    public string TranscriptMarkdown { get; set; } = "";

    public string TranscriptHtml { get; set; } = "";

    /// <summary>Where the file store keeps the video's WebVTT captions; null when it has none.</summary>
    public string? CaptionsStorageKey { get; set; }

    /// <summary>Lower-case hex SHA-256 of the captions: their ETag.</summary>
    public string? CaptionsSha256 { get; set; }

    public long CaptionsLength { get; set; }

    public DateTime? CaptionsUpdatedAt { get; set; }

    public bool HasCaptions => CaptionsStorageKey is not null;

    /// <summary>Forgets the captions (the caller deletes the stored bytes once the change is saved).</summary>
    public string? DropCaptions()
    {
        var key = CaptionsStorageKey;
        CaptionsStorageKey = null;
        CaptionsSha256 = null;
        CaptionsLength = 0;
        CaptionsUpdatedAt = null;
        return key;
    }
}

public enum LinkKind
{
    Web = 0,
    Video = 1,
    Slides = 2,
    Document = 3,
}
