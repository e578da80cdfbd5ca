namespace RtesResources.Web.Domain;

/// <summary>A person who spoke at or wrote for RTES, stored once so that all their resources can be listed.</summary>
public class Speaker
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>Current role or title, e.g. "déléguée générale du RTES".</summary>
    public string? Role { get; set; }

    public string? Organisation { get; set; }

    public ICollection<ResourceSpeaker> Resources { get; set; } = [];
}
