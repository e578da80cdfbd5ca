using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Publishing;

namespace RtesResources.Web.Areas.Admin.Models;

public sealed record ChoiceOption(int Id, string Name);

public sealed record ResourceRow(int Id, string Title, string Slug, string KindName, bool IsPrivate, DateTime? PublishAt, DateTime? DeletedAt, DateTime UpdatedAt, bool HasSummary, int CategoryCount, int AttachmentCount)
{
    public PublicationStatus StatusAt(DateTime now) => Visibility.StatusOf(PublishAt, DeletedAt, now);
}

public sealed class ResourceListViewModel
{
    public required ResourceListQuery Query { get; init; }
    public required IReadOnlyList<ResourceRow> Rows { get; init; }
    public required int Total { get; init; }
    public required int Pages { get; init; }
    public required DateTime Now { get; init; }
    public required IReadOnlyList<ChoiceOption> Kinds { get; init; }
    public required IReadOnlyList<ChoiceOption> Categories { get; init; }

    public required IReadOnlyList<ChoiceOption> Series { get; init; }

    /// <summary>The bulk action form as sent, when it comes back with errors; the rows it had checked.</summary>
    public BulkActionInput Bulk { get; init; } = new();

    public IReadOnlySet<int> Checked { get; init; } = new HashSet<int>();

    public bool IsChecked(int id) => Query.Cocher == "page" || Checked.Contains(id);
}

/// <summary>"Publier 137 ressources ?": an action on every resource the filters match, counted again before confirming.</summary>
public sealed class BulkConfirmViewModel
{
    public required BulkAction Action { get; init; }
    public required BulkActionInput Input { get; init; }
    public required ResourceListQuery Filters { get; init; }
    public required int Count { get; init; }
    public required IReadOnlyList<string> FilterDescription { get; init; }

    /// <summary>Set when the count changed since the editor saw it: they confirm again.</summary>
    public string? Notice { get; init; }

    public bool TooMany => Count > ResourceBulkService.MaxResources;

    public string Title => Count == 0 ? "Aucune ressource ne correspond à ces filtres" : Action.Question(Count);
}

public sealed class ResourceFormViewModel
{
    public int? Id { get; init; }
    public required ResourceInput Input { get; init; }
    public PublicationStatus Status { get; init; } = PublicationStatus.Draft;
    public DateTime? PublishAt { get; init; }
    public string? PublicSlug { get; init; }
    public required IReadOnlyList<ChoiceOption> Kinds { get; init; }
    public required IReadOnlyList<ChoiceOption> Categories { get; init; }
    public required IReadOnlyList<ChoiceOption> Series { get; init; }
    public required IReadOnlyList<ChoiceOption> Speakers { get; init; }
    public string? PreviewSummaryHtml { get; init; }
    public string? PreviewBodyHtml { get; init; }

    /// <summary>Set when another editor saved first: what they changed, and their version to merge from.</summary>
    public IReadOnlyList<string>? ChangedMeanwhile { get; init; }

    public ResourceSnapshot? OtherVersion { get; init; }
    public string? OtherEditor { get; init; }

    public IReadOnlyList<AttachmentRow> Attachments { get; init; } = [];

    /// <summary>The saved video links, for their captions.</summary>
    public IReadOnlyList<VideoCaptionsRow> Videos { get; init; } = [];

    public long MaxFileBytes { get; init; }

    /// <summary>The whole upload request's limit (UploadLimitsAttribute), checked by the upload script before sending.</summary>
    public long MaxRequestBytes { get; init; }
}

public sealed record VideoCaptionsRow(int LinkId, string Label, bool HasCaptions, long Length)
{
    public string Url => Features.Files.VideoCaptionsService.UrlOf(LinkId);
}

public sealed record AttachmentRow(Guid Id, string Label, string FileName, string ContentType, long Length, bool Removed, TextExtractionState TextState, string? TextError)
{
    public string Url => $"/fichiers/{Id}/{Uri.EscapeDataString(FileName)}";

    /// <summary>Where the extraction of the file's text for search stands, as editors read it.</summary>
    public string TextStateDescription => TextState switch
    {
        TextExtractionState.Indexed => "texte indexé",
        TextExtractionState.Failed => $"échec : {TextError}",
        TextExtractionState.NoText => "pas de texte à indexer",
        _ => "en attente d'indexation",
    };
}

public sealed record RevisionRow(int Number, DateTime SavedAt, string SavedByName, string ChangedFields);

public sealed class HistoryViewModel
{
    public required int ResourceId { get; init; }
    public required string Title { get; init; }
    public required int Version { get; init; }
    public required IReadOnlyList<RevisionRow> Revisions { get; init; }
}

public sealed class RevisionViewModel
{
    public required int ResourceId { get; init; }
    public required int Version { get; init; }
    public required RevisionRow Revision { get; init; }
    public required ResourceSnapshot Snapshot { get; init; }
    public required string SummaryHtml { get; init; }
    public required string BodyHtml { get; init; }
    public required bool IsCurrent { get; init; }
}

public sealed record KindCount(string Name, int Count);

public sealed record RecentChange(int ResourceId, string Title, DateTime SavedAt, string SavedByName, string ChangedFields);

public sealed record ResourceLinkRow(int Id, string Title);

public sealed record LapsingMembership(string Name, DateOnly EndsOn);

public sealed class DashboardViewModel
{
    public int Drafts { get; init; }
    public int Scheduled { get; init; }
    public int Published { get; init; }
    public int InBin { get; init; }
    public required IReadOnlyList<KindCount> ByKind { get; init; }
    public required IReadOnlyList<RecentChange> Recent { get; init; }
    public required IReadOnlyList<ResourceLinkRow> MissingSummary { get; init; }
    public required IReadOnlyList<ResourceLinkRow> MissingCategory { get; init; }
    public required IReadOnlyList<ResourceLinkRow> PrivateWithoutFile { get; init; }
    public required IReadOnlyList<LapsingMembership> Lapsing { get; init; }
}

/// <summary>
/// A publication change from the edit page, under the short names its forms post: "mode" (the button:
/// "publier", "programmer" or "depublier"), the day and Paris time of a schedule, and the version the editor saw.
/// </summary>
public sealed class PublicationInput
{
    [ModelBinder(Name = "mode")]
    public string? Mode { get; set; }

    [ModelBinder(Name = "date")]
    public string? Date { get; set; }

    [ModelBinder(Name = "heure")]
    public string? Heure { get; set; }

    [ModelBinder(Name = "version")]
    public int Version { get; set; }
}

/// <summary>Restoring a revision: the version of the resource the editor saw, so that a newer save is not overwritten.</summary>
public sealed class RevisionRestoreInput
{
    [ModelBinder(Name = "version")]
    public int Version { get; set; }
}

/// <summary>A file's new label, one form per file of the edit page.</summary>
public sealed class AttachmentLabelInput
{
    [ModelBinder(Name = "label")]
    public string? Label { get; set; }
}

/// <summary>
/// The files of an upload. The action reads the form itself, after its size limits, rather than binding
/// this model: the model names the field that the form writes and the action reads.
/// </summary>
public sealed class AttachmentUploadInput
{
    [ModelBinder(Name = "fichiers")]
    public IReadOnlyList<IFormFile> Fichiers { get; set; } = [];
}

/// <summary>A video's WebVTT file; read by the action itself after its size limit, named by this model (see <see cref="AttachmentUploadInput"/>).</summary>
public sealed class CaptionsUploadInput
{
    [ModelBinder(Name = "sousTitres")]
    public IFormFile? SousTitres { get; set; }
}
