namespace RtesResources.Web.Features.Search.Extraction;

/// <summary>The "TextExtraction" configuration section: how much of a file is read, how often, how many times.</summary>
public sealed class TextExtractionOptions
{
    public const string SectionName = "TextExtraction";

    /// <summary>Run the background worker; off where another instance does the extraction (and in most tests).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A larger file is not read at all (default 50 MB, the upload limit).</summary>
    public long MaxInputBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Pages of a PDF, slides or sheets read; the rest of a longer document is left out of search.</summary>
    public int MaxPages { get; set; } = 500;

    /// <summary>Characters kept; the text is cut there.</summary>
    public int MaxOutputChars { get; set; } = 1_000_000;

    /// <summary>How long one file may take before it is abandoned as a failure.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The declared uncompressed size of a zip-based document (DOCX, ODT...) above which it is refused unopened.</summary>
    public long MaxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>
    /// Office XML compresses about 10 to 50 to 1, a zip bomb about 1,000 to 1: an entry past this ratio
    /// (and past <see cref="RatioCheckFromBytes"/>) is refused unopened.
    /// </summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Small entries (a blank style sheet) legitimately compress far better than documents: the ratio is checked above this size.</summary>
    public long RatioCheckFromBytes { get; set; } = 1024 * 1024;

    /// <summary>How often the worker looks for pending files when it has nothing to do.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>After this many failed attempts a file is marked failed and no longer retried.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// How long a claim holds; a worker that stops mid-file loses it then, and another takes the file over.
    /// Longer than <see cref="TimeBudget"/>, so that a live worker never loses a file it is still reading.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
}
