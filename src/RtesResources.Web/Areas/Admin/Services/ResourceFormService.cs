using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Services;

/// <summary>Builds the back-office form and history pages: choices, status, preview, revisions.</summary>
public sealed class ResourceFormService(AppDbContext db, MarkdownRenderer renderer, TimeProvider clock, Microsoft.Extensions.Options.IOptions<UploadOptions> uploads)
{
    public async Task<ResourceFormViewModel?> FormAsync(int? id, ResourceInput input, bool preview = false, SaveResult? conflict = null, CancellationToken cancellationToken = default)
    {
        var state = id is int resourceId
            ? await db.Resources.AsNoTracking().Where(r => r.Id == resourceId).Select(r => new { r.PublishAt, r.DeletedAt, r.Slug }).SingleOrDefaultAsync(cancellationToken)
            : null;
        if (id is not null && state is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (conflict?.CurrentVersion is int currentVersion)
        {
            // The editor has now seen the other version: the next save goes on top of it.
            input.Version = currentVersion;
        }

        return new ResourceFormViewModel
        {
            Id = id,
            Input = input,
            Status = state is null ? PublicationStatus.Draft : Visibility.StatusOf(state.PublishAt, state.DeletedAt, now),
            PublishAt = state?.PublishAt,
            PublicSlug = state?.Slug,
            Kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).Select(k => new ChoiceOption(k.Id, k.Name)).ToListAsync(cancellationToken),
            Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new ChoiceOption(c.Id, c.Name)).ToListAsync(cancellationToken),
            Series = await db.Series.AsNoTracking().OrderBy(s => s.Name).Select(s => new ChoiceOption(s.Id, s.Name)).ToListAsync(cancellationToken),
            Speakers = await db.Speakers.AsNoTracking().OrderBy(s => s.Name).Select(s => new ChoiceOption(s.Id, s.Name)).ToListAsync(cancellationToken),
            PreviewSummaryHtml = preview ? renderer.ToSafeHtml(input.Summary) : null,
            PreviewBodyHtml = preview ? renderer.ToSafeHtml(input.Body) : null,
            ChangedMeanwhile = conflict?.ChangedMeanwhile,
            OtherVersion = conflict?.Current,
            OtherEditor = conflict?.CurrentEditor,
            MaxFileBytes = uploads.Value.MaxFileBytes,
            MaxRequestBytes = UploadLimitsAttribute.LimitFor(uploads.Value),
            Attachments = id is int withFiles
                ? await db.Attachments.AsNoTracking()
                    .Where(a => a.ResourceId == withFiles)
                    .OrderBy(a => a.DeletedAt != null).ThenBy(a => a.Position)
                    .Select(a => new AttachmentRow(a.Id, a.Label, a.FileName, a.ContentType, a.Length, a.DeletedAt != null, a.TextState, a.TextError))
                    .ToListAsync(cancellationToken)
                : [],
            Videos = id is int withVideos
                ? await db.ResourceLinks.AsNoTracking()
                    .Where(l => l.ResourceId == withVideos && l.Kind == LinkKind.Video)
                    .OrderBy(l => l.Position)
                    .Select(l => new VideoCaptionsRow(l.Id, l.Label, l.CaptionsStorageKey != null, l.CaptionsLength))
                    .ToListAsync(cancellationToken)
                : [],
        };
    }

    public async Task<HistoryViewModel?> HistoryAsync(int id, CancellationToken cancellationToken = default)
    {
        var resource = await db.Resources.AsNoTracking().Where(r => r.Id == id).Select(r => new { r.Title, r.Version }).SingleOrDefaultAsync(cancellationToken);
        if (resource is null)
        {
            return null;
        }

        var revisions = await db.ResourceRevisions.AsNoTracking()
            .Where(r => r.ResourceId == id)
            .OrderByDescending(r => r.Number)
            .Select(r => new RevisionRow(r.Number, r.SavedAt, r.SavedByName, r.ChangedFields))
            .ToListAsync(cancellationToken);
        return new HistoryViewModel { ResourceId = id, Title = resource.Title, Version = resource.Version, Revisions = revisions };
    }

    public async Task<RevisionViewModel?> RevisionAsync(int id, int number, CancellationToken cancellationToken = default)
    {
        var revision = await db.ResourceRevisions.AsNoTracking().Where(r => r.ResourceId == id && r.Number == number)
            .Select(r => new { Row = new RevisionRow(r.Number, r.SavedAt, r.SavedByName, r.ChangedFields), r.SnapshotJson, r.Resource.Version })
            .SingleOrDefaultAsync(cancellationToken);
        if (revision is null)
        {
            return null;
        }

        var snapshot = ResourceSnapshot.FromJson(revision.SnapshotJson);
        return new RevisionViewModel
        {
            ResourceId = id,
            Version = revision.Version,
            Revision = revision.Row,
            Snapshot = snapshot,
            SummaryHtml = renderer.ToSafeHtml(snapshot.Summary),
            BodyHtml = renderer.ToSafeHtml(snapshot.Body),
            IsCurrent = number == ResourceRevision.NumberFor(revision.Version),
        };
    }
}
