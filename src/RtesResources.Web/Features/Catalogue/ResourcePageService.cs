using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>The page of one resource, with what the viewer may see of it and its related resources.</summary>
public sealed class ResourcePageService(AppDbContext db, TimeProvider clock, Search.SearchIndex searchIndex, Search.IndexCatalogue indexCatalogue, DatabaseCatalogue databaseCatalogue)
{
    public const int RelatedCount = 4;

    /// <summary>
    /// The current slug of a resource that used to have <paramref name="oldSlug"/>, for a 301; only
    /// for a resource the viewer may see (published, or any for staff), so that an old address never
    /// reveals a draft, a scheduled resource or the bin.
    /// </summary>
    public async Task<string?> FindCurrentSlugAsync(string? oldSlug, bool includeUnpublished, CancellationToken cancellationToken = default)
    {
        if (!Slug.IsWellFormed(oldSlug))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var resources = includeUnpublished ? db.Resources.AsNoTracking() : db.Resources.AsNoTracking().PubliclyVisible(now);
        return await db.ResourceSlugRedirects.AsNoTracking()
            .Where(r => r.OldSlug == oldSlug)
            .Join(resources, r => r.ResourceId, r => r.Id, (_, resource) => resource.Slug)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <returns>
    /// The page, or null when no published resource has this slug. Staff (<paramref name="includeUnpublished"/>)
    /// also see drafts, scheduled resources and the bin, with their status.
    /// </returns>
    public async Task<ResourceDetailViewModel?> GetAsync(string? slug, bool canReadPrivate, bool includeUnpublished = false, CancellationToken cancellationToken = default)
    {
        if (!Slug.IsWellFormed(slug))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var resources = includeUnpublished ? db.Resources.AsNoTracking() : db.Resources.AsNoTracking().PubliclyVisible(now);

        // The private body and links are left out in SQL: they never leave the database for a
        // viewer who may not read them.
        var item = await resources
            .Where(r => r.Slug == slug)
            .Select(r => new
            {
                r.Id,
                r.Slug,
                r.Title,
                KindName = r.Kind.Name,
                KindSlug = r.Kind.Slug,
                r.SourceType,
                r.IsPrivate,
                r.PublishedOn,
                r.EventDate,
                r.SummaryHtml,
                r.Excerpt,
                BodyHtml = canReadPrivate || !r.IsPrivate ? r.BodyHtml : null,
                r.Licence,
                r.SeriesId,
                SeriesName = r.Series == null ? null : r.Series.Name,
                SeriesSlug = r.Series == null ? null : r.Series.Slug,
                r.SeriesNumber,
                r.UpdatedAt,
                r.PublishAt,
                r.DeletedAt,
                AttachmentCount = r.Attachments.Count(a => a.DeletedAt == null),
                Categories = r.Categories.OrderBy(c => c.Name).Select(c => new { c.Id, c.Slug, c.Name }).ToList(),
                Speakers = r.Speakers
                    .OrderBy(s => s.Position)
                    .Select(s => new SpeakerViewModel(s.Speaker.Slug, s.Speaker.Name, s.Role ?? s.Speaker.Role, s.Organisation ?? s.Speaker.Organisation))
                    .ToList(),
                // Filtered through the link's own resource: SQLite cannot run a correlated APPLY.
                Links = r.Links
                    .Where(l => canReadPrivate || !l.Resource.IsPrivate)
                    .OrderBy(l => l.Position)
                    .Select(l => new { l.Id, l.Kind, l.Label, l.Url, TranscriptHtml = l.Kind == LinkKind.Video ? l.TranscriptHtml : "", HasCaptions = l.Kind == LinkKind.Video && l.CaptionsStorageKey != null })
                    .ToList(),
                Attachments = r.Attachments
                    .Where(a => a.DeletedAt == null && (canReadPrivate || !a.Resource.IsPrivate))
                    .OrderBy(a => a.Position)
                    .Select(a => new AttachmentViewModel(a.Id, a.Label, a.FileName, a.ContentType, a.Length))
                    .ToList(),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(cancellationToken);

        if (item is null)
        {
            return null;
        }

        var categoryIds = item.Categories.Select(c => c.Id).ToList();
        // From the index when it is ready: ranking shared thématiques over the whole catalogue is its job.
        var related = searchIndex.IsReady
            ? indexCatalogue.Related(item.Id, categoryIds, item.SeriesId, now, RelatedCount)
            : await databaseCatalogue.RelatedQuery(item.Id, categoryIds, item.SeriesId, now).ToListAsync(cancellationToken);

        return new ResourceDetailViewModel
        {
            Id = item.Id,
            Slug = item.Slug,
            Title = item.Title,
            KindName = item.KindName,
            KindSlug = item.KindSlug,
            SourceType = item.SourceType,
            IsPrivate = item.IsPrivate,
            CanReadFullContent = canReadPrivate || !item.IsPrivate,
            PublishedOn = item.PublishedOn,
            EventDate = item.EventDate,
            SummaryHtml = item.SummaryHtml,
            Excerpt = item.Excerpt,
            BodyHtml = item.BodyHtml,
            Licence = Licences.OfCode(item.Licence),
            SeriesName = item.SeriesName,
            SeriesSlug = item.SeriesSlug,
            SeriesNumber = item.SeriesNumber,
            UpdatedAt = item.UpdatedAt,
            Status = Visibility.StatusOf(item.PublishAt, item.DeletedAt, now),
            PublishAt = item.PublishAt,
            Categories = item.Categories.Select(c => new CategoryLinkViewModel(c.Slug, c.Name)).ToList(),
            Speakers = item.Speakers,
            Links = item.Links.Select(l => new LinkViewModel(LinkKindLabel(l.Kind), l.Label, l.Url, l.Kind == LinkKind.Video ? VideoEmbed.Parse(l.Url) : null)
            {
                TranscriptHtml = l.TranscriptHtml.Length == 0 ? null : l.TranscriptHtml,
                CaptionsUrl = l.HasCaptions ? Features.Files.VideoCaptionsService.UrlOf(l.Id) : null,
            }).ToList(),
            Attachments = item.Attachments,
            AttachmentCount = item.AttachmentCount,
            Related = related,
        };
    }

    private static string LinkKindLabel(LinkKind kind) => kind switch
    {
        LinkKind.Video => "Vidéo",
        LinkKind.Slides => "Diaporama",
        LinkKind.Document => "Document",
        _ => "Lien",
    };
}
