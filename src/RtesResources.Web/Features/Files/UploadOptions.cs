namespace RtesResources.Web.Features.Files;

/// <summary>The "Uploads" configuration section.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>The largest file accepted, in bytes (default 50 MB).</summary>
    public long MaxFileBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>How many files one upload may carry.</summary>
    public int MaxFilesPerUpload { get; set; } = 10;
}
