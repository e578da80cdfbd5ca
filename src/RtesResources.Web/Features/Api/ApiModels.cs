using System.ComponentModel;

namespace RtesResources.Web.Features.Api;

// What the API answers. Property names become camelCase; descriptions (French, for API users) feed the
// OpenAPI document. Nullable members are left out of the JSON when null: a private resource's body,
// links and files are absent, not empty, for a caller who may not read them.

[Description("Une licence de la liste fermée du RTES.")]
public sealed record ApiLicence(
    [property: Description("Code stable de la licence, par exemple « licence-ouverte-2.0 ».")] string Code,
    [property: Description("Nom de la licence en français.")] string Label,
    [property: Description("Adresse du texte de la licence ; absente pour « Tous droits réservés ».")] string? Url,
    [property: Description("Identifiant SPDX, quand il existe.")] string? Spdx);

[Description("Un terme du catalogue : type, thématique ou collection.")]
public sealed record ApiTerm(
    [property: Description("Identifiant du terme dans les adresses et les filtres.")] string Slug,
    [property: Description("Nom affiché.")] string Name,
    [property: Description("Page du catalogue filtrée sur ce terme.")] string CatalogueUrl,
    [property: Description("Ressources de ce terme dans l'API.")] string ResourcesUrl,
    [property: Description("Nombre de ressources publiées de ce terme, comme le catalogue les compte (celles réservées aux adhérentes comprises : leur fiche est publique).")] int ResourceCount)
{
    [Description("Présentation de la collection, quand elle en a une.")]
    public string? Description { get; init; }
}

[Description("Un·e intervenant·e d'au moins une ressource publiée.")]
public sealed record ApiSpeaker(
    [property: Description("Identifiant de l'intervenant·e dans les filtres.")] string Slug,
    [property: Description("Nom.")] string Name,
    [property: Description("Fonction, si connue.")] string? Role,
    [property: Description("Organisation, si connue.")] string? Organisation,
    [property: Description("Ressources de l'intervenant·e dans l'API.")] string ResourcesUrl,
    [property: Description("Nombre de ressources publiées de l'intervenant·e (celles réservées aux adhérentes comprises : leur fiche est publique).")] int ResourceCount);

[Description("Une ressource dans une liste.")]
public sealed record ApiResourceSummary(
    [property: Description("Identifiant de la ressource dans les adresses.")] string Slug,
    [property: Description("Titre.")] string Title,
    [property: Description("Type de ressource (nom).")] string Kind,
    [property: Description("Date de publication affichée (AAAA-MM-JJ).")] DateOnly PublishedOn,
    [property: Description("Date de l'événement, pour une conférence ou une rencontre.")] DateOnly? EventDate,
    [property: Description("Vrai si le contenu, les liens et les fichiers sont réservés aux collectivités adhérentes.")] bool IsPrivate,
    [property: Description("Début du résumé, en texte brut.")] string Excerpt,
    [property: Description("Adresse de la page de la ressource.")] string Url,
    [property: Description("Adresse de la ressource dans l'API.")] string ApiUrl,
    [property: Description("Licence de la ressource ; absente si inconnue.")] ApiLicence? Licence);

[Description("Une page de résultats.")]
public sealed record ApiResourcePage(
    [property: Description("Les ressources de la page, 20 au plus.")] IReadOnlyList<ApiResourceSummary> Items,
    [property: Description("Numéro de la page (à partir de 1).")] int Page,
    [property: Description("Nombre de ressources par page.")] int PageSize,
    [property: Description("Nombre total de ressources trouvées.")] int TotalCount,
    [property: Description("Nombre de pages.")] int TotalPages,
    [property: Description("Ordre des résultats : « pertinence » ou « date ».")] string Sort,
    [property: Description("Adresses de cette page, de la première, de la dernière, de la précédente et de la suivante.")] ApiPageLinks Links);

public sealed record ApiPageLinks(
    [property: Description("Cette page.")] string Self,
    [property: Description("Première page.")] string First,
    [property: Description("Dernière page.")] string Last,
    [property: Description("Page précédente, s'il y en a une.")] string? Prev,
    [property: Description("Page suivante, s'il y en a une.")] string? Next,
    [property: Description("La même liste sur le site.")] string Html,
    [property: Description("Le flux Atom de cette liste.")] string Feed);

[Description("Une ressource complète. Pour une ressource réservée aux adhérentes, « bodyHtml », « links » et « files » ne sont présents que pour une personne connectée qui y a accès.")]
public sealed record ApiResource
{
    [Description("Identifiant de la ressource dans les adresses.")]
    public required string Slug { get; init; }

    [Description("Titre.")]
    public required string Title { get; init; }

    [Description("Type de ressource.")]
    public required ApiTermRef Kind { get; init; }

    [Description("Origine (« Ressources RTES », un partenaire…).")]
    public required string SourceType { get; init; }

    [Description("Vrai si le contenu, les liens et les fichiers sont réservés aux collectivités adhérentes.")]
    public required bool IsPrivate { get; init; }

    [Description("Vrai si l'appelant·e voit le contenu complet.")]
    public required bool FullContent { get; init; }

    [Description("Date de publication affichée (AAAA-MM-JJ).")]
    public required DateOnly PublishedOn { get; init; }

    [Description("Date de l'événement, pour une conférence ou une rencontre.")]
    public DateOnly? EventDate { get; init; }

    [Description("Dernière modification (UTC).")]
    public required DateTime UpdatedAt { get; init; }

    [Description("Résumé en HTML (toujours public).")]
    public required string SummaryHtml { get; init; }

    [Description("Début du résumé, en texte brut.")]
    public required string Excerpt { get; init; }

    [Description("Contenu en HTML ; absent sans accès.")]
    public string? BodyHtml { get; init; }

    [Description("Licence de la ressource.")]
    public required ApiLicence Licence { get; init; }

    [Description("Thématiques.")]
    public required IReadOnlyList<ApiTermRef> Categories { get; init; }

    [Description("Collection, si la ressource en fait partie.")]
    public ApiSeriesRef? Series { get; init; }

    [Description("Intervenant·es, dans l'ordre de la ressource.")]
    public required IReadOnlyList<ApiSpeakerRef> Speakers { get; init; }

    [Description("Liens (vidéo, diaporama, document) ; absents sans accès.")]
    public IReadOnlyList<ApiLink>? Links { get; init; }

    [Description("Fichiers joints ; absents sans accès.")]
    public IReadOnlyList<ApiFile>? Files { get; init; }

    [Description("Nombre de fichiers joints (donné même sans accès).")]
    public required int FileCount { get; init; }

    [Description("Adresse de la page de la ressource.")]
    public required string Url { get; init; }

    [Description("Adresse de la ressource dans l'API.")]
    public required string ApiUrl { get; init; }
}

public sealed record ApiTermRef([property: Description("Identifiant.")] string Slug, [property: Description("Nom.")] string Name);

public sealed record ApiSeriesRef([property: Description("Identifiant.")] string Slug, [property: Description("Nom.")] string Name, [property: Description("Numéro dans la collection.")] int? Number);

public sealed record ApiSpeakerRef([property: Description("Identifiant.")] string Slug, [property: Description("Nom.")] string Name, [property: Description("Fonction à cet événement.")] string? Role, [property: Description("Organisation à cet événement.")] string? Organisation);

public sealed record ApiLink(
    [property: Description("Nature du lien : Vidéo, Diaporama, Document, Lien.")] string Kind,
    [property: Description("Libellé.")] string Label,
    [property: Description("Adresse.")] string Url,
    [property: Description("Transcription d'une vidéo en HTML ; absente quand la vidéo n'en a pas.")] string? TranscriptHtml = null,
    [property: Description("Adresse des sous-titres WebVTT d'une vidéo (contrôlée à chaque demande) ; absente quand la vidéo n'en a pas.")] string? CaptionsUrl = null);

public sealed record ApiFile([property: Description("Libellé.")] string Label, [property: Description("Nom du fichier.")] string FileName, [property: Description("Type MIME.")] string ContentType, [property: Description("Taille en octets.")] long Length, [property: Description("Adresse de téléchargement (contrôlée à chaque demande).")] string Url);
