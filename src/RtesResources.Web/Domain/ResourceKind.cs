namespace RtesResources.Web.Domain;

/// <summary>What a resource is: conférence en ligne, fiche, étude, vidéo, diaporama, compte rendu.</summary>
public class ResourceKind
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public required string PluralName { get; set; }
    public int Position { get; set; }
}
