using System.ComponentModel.DataAnnotations;

namespace RtesResources.Web.Features.Publishing;

/// <summary>What the resource form posts. Never an entity: the service copies what it accepts.</summary>
public sealed class ResourceInput
{
    [Required(ErrorMessage = "Le titre est obligatoire.")]
    [StringLength(300, ErrorMessage = "Le titre compte 300 caractères au plus.")]
    public string? Title { get; set; }

    [StringLength(200, ErrorMessage = "L'adresse compte 200 caractères au plus.")]
    public string? Slug { get; set; }

    [Required(ErrorMessage = "Choisissez le type de ressource.")]
    public int? KindId { get; set; }

    [StringLength(100, ErrorMessage = "Le type de ressource (origine) compte 100 caractères au plus.")]
    public string? SourceType { get; set; } = Domain.Resource.DefaultSourceType;

    public bool IsPrivate { get; set; }

    [StringLength(20_000, ErrorMessage = "Le résumé compte 20 000 caractères au plus.")]
    public string? Summary { get; set; }

    [StringLength(200_000, ErrorMessage = "Le contenu compte 200 000 caractères au plus.")]
    public string? Body { get; set; }

    /// <summary>yyyy-MM-dd, from an input of type date.</summary>
    public string? PublishedOn { get; set; }

    public string? EventDate { get; set; }

    public int? SeriesId { get; set; }

    [Range(1, 999, ErrorMessage = "Le numéro dans la collection va de 1 à 999.")]
    public int? SeriesNumber { get; set; }

    /// <summary>A code of <see cref="Domain.Licences"/>; empty for the default of the access (Licence Ouverte if public).</summary>
    [StringLength(Domain.Licences.CodeMaxLength, ErrorMessage = "Choisissez une licence de la liste.")]
    public string? Licence { get; set; }

    public List<int> CategoryIds { get; set; } = [];

    public List<SpeakerRow> Speakers { get; set; } = [];

    public List<LinkRow> Links { get; set; } = [];

    /// <summary>The version the editor started from: a save on top of a newer one is refused.</summary>
    public int Version { get; set; }
}

public sealed class SpeakerRow
{
    public int? SpeakerId { get; set; }

    [StringLength(400, ErrorMessage = "Le rôle compte 400 caractères au plus.")]
    public string? Role { get; set; }

    [StringLength(300, ErrorMessage = "L'organisation compte 300 caractères au plus.")]
    public string? Organisation { get; set; }
}

public sealed class LinkRow
{
    public Domain.LinkKind Kind { get; set; }

    [StringLength(300, ErrorMessage = "Le libellé du lien compte 300 caractères au plus.")]
    public string? Label { get; set; }

    [StringLength(2000, ErrorMessage = "L'adresse du lien compte 2 000 caractères au plus.")]
    public string? Url { get; set; }

    /// <summary>A video's transcript (Markdown), shown next to its player.</summary>
    [StringLength(200_000, ErrorMessage = "La transcription compte 200 000 caractères au plus.")]
    public string? Transcript { get; set; }
}
