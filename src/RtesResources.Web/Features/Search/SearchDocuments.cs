using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Search;

/// <summary>What the index knows of a resource, read from the database in one projection.</summary>
public sealed record IndexedResource
{
    public int Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public int KindId { get; init; }
    public required string KindName { get; init; }
    public bool IsPrivate { get; init; }
    public required string SummaryMarkdown { get; init; }
    public required string BodyMarkdown { get; init; }
    public required string Excerpt { get; init; }
    public DateOnly PublishedOn { get; init; }
    public DateOnly? EventDate { get; init; }
    public DateTime? PublishAt { get; init; }
    public DateTime? DeletedAt { get; init; }
    public int? SeriesId { get; init; }
    public int? SeriesNumber { get; init; }
    public required List<IndexedTerm> Categories { get; init; }
    public required List<IndexedTerm> Speakers { get; init; }
    public required List<IndexedFile> Files { get; init; }
    public required List<IndexedTranscript> Transcripts { get; init; }

    /// <summary>Drafts and the bin are not in the index; a scheduled resource is, filtered by its time at query time.</summary>
    public bool BelongsInIndex => DeletedAt is null && PublishAt is not null;
}

public sealed record IndexedTerm(int Id, string Name);

public sealed record IndexedFile(string FileName, string? Text);

/// <summary>A video's transcript (Markdown) and the label of its link, which a passage names.</summary>
public sealed record IndexedTranscript(string VideoLabel, string Markdown);

/// <summary>The index's fields, and how a resource becomes a document.</summary>
public static class SearchDocuments
{
    // Text fields, in ranking order. A private resource's body, transcripts and files go to fields of their own,
    // which only searches of people with private access read: neither matches, scores nor passages
    // of anyone else can depend on them.
    public const string Title = "title";
    public const string People = "people";
    public const string Summary = "summary";
    public const string Body = "body";
    public const string PrivateBody = "pbody";
    public const string Transcripts = "transcript";
    public const string PrivateTranscripts = "ptranscript";
    public const string Files = "file";
    public const string PrivateFiles = "pfile";

    // Filters, facets, sorting and the stored card.
    public const string Id = "id";
    public const string Kind = "kind";
    public const string Category = "cat";
    public const string Speaker = "speaker";
    public const string Series = "series";
    public const string SeriesNumber = "seriesnum";
    public const string Year = "year";
    public const string Private = "private";
    public const string PublishAt = "publishat";
    public const string PublishedOn = "published";
    public const string Slug = "slug";
    public const string KindName = "kindname";
    public const string EventDate = "eventdate";
    public const string Excerpt = "excerpt";
    public const string FileName = "filename";
    public const string VideoLabel = "videolabel";

    /// <summary>
    /// The summary's and the text's field type: stored, searched, and with each term's positions and
    /// offsets kept per document (term vectors), from which a result's passage is marked without
    /// analysing the text again. Files and transcripts, long and rarely where a passage comes from,
    /// do without.
    /// </summary>
    internal static readonly FieldType WithPassageVectors = NewWithPassageVectors();

    public static IQueryable<IndexedResource> Project(IQueryable<Domain.Resource> resources) =>
        resources.Select(r => new IndexedResource
        {
            Id = r.Id,
            Slug = r.Slug,
            Title = r.Title,
            KindId = r.KindId,
            KindName = r.Kind.Name,
            IsPrivate = r.IsPrivate,
            SummaryMarkdown = r.SummaryMarkdown,
            BodyMarkdown = r.BodyMarkdown,
            Excerpt = r.Excerpt,
            PublishedOn = r.PublishedOn,
            EventDate = r.EventDate,
            PublishAt = r.PublishAt,
            DeletedAt = r.DeletedAt,
            SeriesId = r.SeriesId,
            SeriesNumber = r.SeriesNumber,
            Categories = r.Categories.Select(c => new IndexedTerm(c.Id, c.Name)).ToList(),
            Speakers = r.Speakers.OrderBy(s => s.Position).Select(s => new IndexedTerm(s.SpeakerId, s.Speaker.Name)).ToList(),
            Files = r.Attachments.Where(a => a.DeletedAt == null).OrderBy(a => a.Position).Select(a => new IndexedFile(a.FileName, a.ExtractedText)).ToList(),
            Transcripts = r.Links.Where(l => l.Kind == Domain.LinkKind.Video && l.TranscriptMarkdown != "").OrderBy(l => l.Position)
                .Select(l => new IndexedTranscript(l.Label, l.TranscriptMarkdown)).ToList(),
        });

    public static async Task<List<IndexedResource>> LoadAsync(AppDbContext db, IReadOnlyCollection<int> ids, CancellationToken cancellationToken) =>
        await Project(db.Resources.AsNoTracking().Where(r => ids.Contains(r.Id))).AsSplitQuery().ToListAsync(cancellationToken);

    private static FieldType NewWithPassageVectors()
    {
        var type = new FieldType(TextField.TYPE_STORED)
        {
            StoreTermVectors = true,
            StoreTermVectorPositions = true,
            StoreTermVectorOffsets = true,
        };
        type.Freeze();
        return type;
    }

    public static Document ToDocument(IndexedResource resource, MarkdownRenderer markdown)
    {
        var document = new Document
        {
            new StringField(Id, Key(resource.Id), Field.Store.YES),
            new NumericDocValuesField(Id, resource.Id),
            new TextField(Title, resource.Title, Field.Store.YES),
            new TextField(People, string.Join(" ; ", resource.Speakers.Select(s => s.Name).Concat(resource.Categories.Select(c => c.Name)).Append(resource.KindName)), Field.Store.NO),
            new Field(Summary, markdown.ToPlainText(resource.SummaryMarkdown), WithPassageVectors),
            new Field(resource.IsPrivate ? PrivateBody : Body, markdown.ToPlainText(resource.BodyMarkdown), WithPassageVectors),
            new StringField(Kind, Key(resource.KindId), Field.Store.NO),
            new NumericDocValuesField(Kind, resource.KindId),
            new StringField(Private, resource.IsPrivate ? "1" : "0", Field.Store.YES),
            new NumericDocValuesField(Private, resource.IsPrivate ? 1 : 0),
            new Int32Field(Year, resource.PublishedOn.Year, Field.Store.NO),
            new NumericDocValuesField(Year, resource.PublishedOn.Year),
            new Int64Field(PublishAt, resource.PublishAt!.Value.Ticks, Field.Store.NO),
            new NumericDocValuesField(PublishAt, resource.PublishAt!.Value.Ticks),
            new NumericDocValuesField(PublishedOn, resource.PublishedOn.DayNumber),
            new StoredField(PublishedOn, resource.PublishedOn.DayNumber),
            new StoredField(Slug, resource.Slug),
            new StoredField(KindName, resource.KindName),
            new StoredField(Excerpt, resource.Excerpt),
            new NumericDocValuesField(Series, resource.SeriesId ?? 0),
            // A collection reads in its own order, unnumbered ones last.
            new NumericDocValuesField(SeriesNumber, resource.SeriesNumber ?? int.MaxValue),
        };

        if (resource.SeriesId is int seriesId)
        {
            document.Add(new StringField(Series, Key(seriesId), Field.Store.NO));
        }

        if (resource.EventDate is DateOnly eventDate)
        {
            document.Add(new StoredField(EventDate, eventDate.DayNumber));
        }

        foreach (var category in resource.Categories)
        {
            document.Add(new StringField(Category, Key(category.Id), Field.Store.NO));
            document.Add(new SortedSetDocValuesField(Category, new BytesRef(Key(category.Id))));
        }

        foreach (var speaker in resource.Speakers)
        {
            document.Add(new StringField(Speaker, Key(speaker.Id), Field.Store.NO));
        }

        foreach (var file in resource.Files)
        {
            // Stored in pairs, in order: a passage found in the n-th text names the n-th file.
            document.Add(new TextField(resource.IsPrivate ? PrivateFiles : Files, file.Text ?? "", Field.Store.YES));
            document.Add(new StoredField(FileName, file.FileName));
        }

        foreach (var transcript in resource.Transcripts)
        {
            // Paired like the files: the n-th transcript's passage names the n-th video.
            document.Add(new TextField(resource.IsPrivate ? PrivateTranscripts : Transcripts, markdown.ToPlainText(transcript.Markdown), Field.Store.YES));
            document.Add(new StoredField(VideoLabel, transcript.VideoLabel));
        }

        return document;
    }

    public static string Key(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static Term IdTerm(int id) => new(Id, Key(id));
}
