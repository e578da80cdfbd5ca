namespace RtesResources.Web.Domain;

/// <summary>A numbered collection, such as the "Kit MunicipalESS" and its fiches.</summary>
public class Series
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    public ICollection<Resource> Resources { get; set; } = [];
}
