namespace RtesResources.Web.Domain;

/// <summary>A slug a resource used to have: its old URL answers with a 301 to the current one.</summary>
public class ResourceSlugRedirect
{
    public int Id { get; set; }
    public required string OldSlug { get; set; }
    public int ResourceId { get; set; }
    public Resource Resource { get; set; } = null!;
    public DateTime CreatedAt { get; set; }
}
