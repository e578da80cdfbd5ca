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
}

public enum LinkKind
{
    Web = 0,
    Video = 1,
    Slides = 2,
    Document = 3,
}
