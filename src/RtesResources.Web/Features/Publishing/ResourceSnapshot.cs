using System.Text.Encodings.Web;
using System.Text.Json;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Publishing;

/// <summary>The editable content of a resource at one version: what history stores and compares.</summary>
public sealed record ResourceSnapshot(
    string Title,
    string Slug,
    int KindId,
    string SourceType,
    bool IsPrivate,
    string Summary,
    string Body,
    DateOnly PublishedOn,
    DateOnly? EventDate,
    int? SeriesId,
    int? SeriesNumber,
    string? Licence,
    IReadOnlyList<int> CategoryIds,
    IReadOnlyList<SnapshotSpeaker> Speakers,
    IReadOnlyList<SnapshotLink> Links)
{
    // Accents written as themselves, not as \u00e9 escapes: French text stays about a third smaller
    // and quicker to write. The JSON is only ever read back by FromJson, never written into a page.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>French labels of the fields, in form order, for "what changed".</summary>
    public static IReadOnlyList<string> ChangedFields(ResourceSnapshot? before, ResourceSnapshot after)
    {
        if (before is null)
        {
            return ["Création"];
        }

        var changed = new List<string>();
        void Check(bool differs, string label)
        {
            if (differs)
            {
                changed.Add(label);
            }
        }

        Check(before.Title != after.Title, "Titre");
        Check(before.Slug != after.Slug, "Adresse");
        Check(before.KindId != after.KindId, "Type");
        Check(before.SourceType != after.SourceType, "Origine");
        Check(before.IsPrivate != after.IsPrivate, "Accès");
        Check(before.Summary != after.Summary, "Résumé");
        Check(before.Body != after.Body, "Contenu");
        Check(before.PublishedOn != after.PublishedOn, "Date de publication");
        Check(before.EventDate != after.EventDate, "Date de l'événement");
        Check(before.SeriesId != after.SeriesId || before.SeriesNumber != after.SeriesNumber, "Collection");
        Check(before.Licence != after.Licence, "Licence");
        Check(!before.CategoryIds.Order().SequenceEqual(after.CategoryIds.Order()), "Thématiques");
        Check(!before.Speakers.SequenceEqual(after.Speakers), "Intervenant·es");
        Check(!before.Links.SequenceEqual(after.Links), "Liens");
        return changed;
    }

    public static ResourceSnapshot Of(Resource resource) => new(
        resource.Title,
        resource.Slug,
        resource.KindId,
        resource.SourceType,
        resource.IsPrivate,
        resource.SummaryMarkdown,
        resource.BodyMarkdown,
        resource.PublishedOn,
        resource.EventDate,
        resource.SeriesId,
        resource.SeriesNumber,
        resource.Licence,
        [.. resource.Categories.Select(c => c.Id).Order()],
        [.. resource.Speakers.OrderBy(s => s.Position).Select(s => new SnapshotSpeaker(s.SpeakerId, s.Role, s.Organisation))],
        [.. resource.Links.OrderBy(l => l.Position).Select(l => new SnapshotLink(l.Kind, l.Label, l.Url, l.TranscriptMarkdown.Length == 0 ? null : l.TranscriptMarkdown))]);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ResourceSnapshot FromJson(string json) => JsonSerializer.Deserialize<ResourceSnapshot>(json, Json)!;

    public ResourceInput ToInput(int version) => new()
    {
        Title = Title,
        Slug = Slug,
        KindId = KindId,
        SourceType = SourceType,
        IsPrivate = IsPrivate,
        Summary = Summary,
        Body = Body,
        PublishedOn = PublishedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        EventDate = EventDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        SeriesId = SeriesId,
        SeriesNumber = SeriesNumber,
        // Versions saved before the closed list held free text: an unknown one falls back to the access's default.
        Licence = Licences.Find(Licence)?.Code,
        CategoryIds = [.. CategoryIds],
        Speakers = [.. Speakers.Select(s => new SpeakerRow { SpeakerId = s.SpeakerId, Role = s.Role, Organisation = s.Organisation })],
        Links = [.. Links.Select(l => new LinkRow { Kind = l.Kind, Label = l.Label, Url = l.Url, Transcript = l.Transcript })],
        Version = version,
    };
}

public sealed record SnapshotSpeaker(int SpeakerId, string? Role, string? Organisation);

/// <summary>A link as history keeps it; versions saved before transcripts existed read as having none.</summary>
public sealed record SnapshotLink(LinkKind Kind, string Label, string Url, string? Transcript = null);
