namespace RtesResources.Web.Domain;

/// <summary>How many visitors downloaded a file on a day (Paris time): a count, never who.</summary>
public class FileDownloadDay
{
    public Guid AttachmentId { get; set; }
    public Attachment Attachment { get; set; } = null!;
    public DateOnly Day { get; set; }
    public int Count { get; set; }
}
