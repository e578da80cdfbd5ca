namespace RtesResources.Web.Domain;

/// <summary>A thématique. A resource has any number of them.</summary>
public class Category
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    public ICollection<Resource> Resources { get; set; } = [];
}
