namespace RtesResources.Web.Domain;

/// <summary>
/// A file of a resource (a PDF fiche, a slide deck, a study), stored outside wwwroot through the
/// file store and served by a controller that authorizes every request. It is private when its
/// resource is.
/// </summary>
public class Attachment
{
    public const int FileNameMaxLength = 255;

    public Guid Id { get; set; }
    public int ResourceId { get; set; }
    public Resource Resource { get; set; } = null!;

    public required string Label { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content: the ETag, and how a second upload of the same file is recognised.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Where the file store keeps the bytes; never derived from the user's file name.</summary>
    public required string StorageKey { get; set; }

    public int Position { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Set when an editor removes the file: hidden everywhere, restorable until its resource is purged.</summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Where the extraction of the file's text for search stands (see TextExtractionWorker).</summary>
    public TextExtractionState TextState { get; set; } = TextExtractionState.Pending;

    /// <summary>The file's text as search reads it; null until extracted, or when the file has none.</summary>
    public string? ExtractedText { get; set; }

    /// <summary>Why the extraction failed, in French, for the back-office.</summary>
    public string? TextError { get; set; }

    /// <summary>A worker that claimed the extraction holds it until then; after that another may take it.</summary>
    public DateTime? TextClaimedUntil { get; set; }

    public int TextAttempts { get; set; }
}

public enum TextExtractionState
{
    Pending,
    Indexed,
    Failed,

    /// <summary>A kind of file that has no text to read (an image, a video).</summary>
    NoText,
}
