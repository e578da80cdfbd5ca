using RtesResources.Web.Infrastructure;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Files;

namespace RtesResources.Web.Data;

/// <summary>
/// Loads Data/DemoData/demo-data.json, the curated extract of the RTES site. Everything is matched
/// by slug and only what is missing is added, so a second run changes nothing and content that
/// editors changed since is left alone.
/// </summary>
public sealed class DemoDataSeeder(AppDbContext db, AttachmentService attachments, IWebHostEnvironment environment, ILogger<DemoDataSeeder> logger)
{
    public const string RelativePath = "Data/DemoData/demo-data.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task<int> SeedAsync(CancellationToken cancellationToken = default)
    {
        var data = await LoadAsync(cancellationToken);

        var kinds = await db.ResourceKinds.ToDictionaryAsync(k => k.Slug, cancellationToken);
        var position = 0;
        foreach (var kind in data.Kinds)
        {
            position++;
            if (!kinds.ContainsKey(kind.Slug))
            {
                kinds[kind.Slug] = db.ResourceKinds.Add(new ResourceKind { Slug = kind.Slug, Name = kind.Name, PluralName = kind.PluralName, Position = position }).Entity;
            }
        }

        var categories = await db.Categories.ToDictionaryAsync(c => c.Slug, cancellationToken);
        foreach (var category in data.Categories.Where(c => !categories.ContainsKey(c.Slug)))
        {
            categories[category.Slug] = db.Categories.Add(new Category { Slug = category.Slug, Name = category.Name }).Entity;
        }

        var series = await db.Series.ToDictionaryAsync(s => s.Slug, cancellationToken);
        foreach (var item in data.Series.Where(s => !series.ContainsKey(s.Slug)))
        {
            series[item.Slug] = db.Series.Add(new Series { Slug = item.Slug, Name = item.Name, Description = item.Description }).Entity;
        }

        var speakers = await db.Speakers.ToDictionaryAsync(s => s.Slug, cancellationToken);
        foreach (var speaker in data.Speakers.Where(s => !speakers.ContainsKey(s.Slug)))
        {
            speakers[speaker.Slug] = db.Speakers.Add(new Speaker { Slug = speaker.Slug, Name = speaker.Name, Role = speaker.Role, Organisation = speaker.Organisation }).Entity;
        }

        var existing = (await db.Resources.Select(r => r.Slug).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var item in data.Resources.Where(r => !existing.Contains(r.Slug)))
        {
            var resource = new Resource
            {
                Slug = item.Slug,
                Title = item.Title,
                Kind = kinds[item.Kind],
                SourceType = item.SourceType ?? Resource.DefaultSourceType,
                IsPrivate = item.IsPrivate,
                SummaryMarkdown = item.Summary,
                BodyMarkdown = item.Body,
                PublishedOn = item.PublishedOn,
                PublishAt = item.PublishedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
                EventDate = item.EventDate,
                Series = item.Series is null ? null : series[item.Series],
                SeriesNumber = item.SeriesNumber,
                Licence = (Licences.Find(item.Licence) ?? Licences.DefaultFor(item.IsPrivate)).Code,
            };
            foreach (var slug in item.Categories)
            {
                resource.Categories.Add(categories[slug]);
            }

            var order = 0;
            foreach (var speaker in item.Speakers)
            {
                resource.Speakers.Add(new ResourceSpeaker { Speaker = speakers[speaker.Slug], Position = order++, Role = speaker.Role, Organisation = speaker.Organisation });
            }

            order = 0;
            foreach (var link in item.Links)
            {
                resource.Links.Add(new ResourceLink { Kind = link.Kind, Label = link.Label, Url = link.Url, Position = order++ });
            }

            db.Resources.Add(resource);
            added++;
        }

        await db.SaveChangesAsync(cancellationToken);
        await AddMissingAttachmentsAsync(data, cancellationToken);
        logger.DemoDataSeeded(added, data.Resources.Count - added);
        return added;
    }

    /// <summary>Demo files are matched by file name, so a second run (or an older demo database) gets only what it lacks.</summary>
    private async Task AddMissingAttachmentsAsync(DemoData data, CancellationToken cancellationToken)
    {
        foreach (var item in data.Resources.Where(r => r.Attachments is { Count: > 0 }))
        {
            var resource = await db.Resources.Include(r => r.Attachments).SingleOrDefaultAsync(r => r.Slug == item.Slug, cancellationToken);
            if (resource is null)
            {
                continue;
            }

            foreach (var file in item.Attachments!.Where(f => resource.Attachments.All(a => a.FileName != f.File)))
            {
                await using var content = File.OpenRead(DataFile(Path.Combine("files", file.File)));
                await attachments.AddAsync(resource, content, file.File, "application/pdf", file.Label, cancellationToken);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private string DataFile(string relative)
    {
        var folder = Path.GetDirectoryName(RelativePath)!;
        var path = Path.Combine(environment.ContentRootPath, folder, relative);
        // Published builds copy the data files next to the assembly rather than the content root.
        return File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, folder, relative);
    }

    private async Task<DemoData> LoadAsync(CancellationToken cancellationToken)
    {
        var path = DataFile(Path.GetFileName(RelativePath));
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<DemoData>(stream, JsonOptions, cancellationToken)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    private sealed record DemoData(
        List<string> Notes,
        List<DemoKind> Kinds,
        List<DemoNamed> Categories,
        List<DemoSeries> Series,
        List<DemoSpeaker> Speakers,
        List<DemoResource> Resources);

    private sealed record DemoKind(string Slug, string Name, string PluralName);

    private sealed record DemoNamed(string Slug, string Name);

    private sealed record DemoSeries(string Slug, string Name, string? Description);

    private sealed record DemoSpeaker(string Slug, string Name, string? Role, string? Organisation);

    private sealed record DemoSpeakerRef(string Slug, string? Role, string? Organisation);

    private sealed record DemoLink(LinkKind Kind, string Label, string Url);

    private sealed record DemoResource(
        string Slug,
        string Title,
        string Kind,
        string? SourceType,
        bool IsPrivate,
        DateOnly PublishedOn,
        DateOnly? EventDate,
        List<string> Categories,
        List<DemoSpeakerRef> Speakers,
        List<DemoLink> Links,
        string? Series,
        int? SeriesNumber,
        string? Licence,
        string Summary,
        string Body,
        List<DemoAttachment>? Attachments);

    private sealed record DemoAttachment(string File, string Label);
}
