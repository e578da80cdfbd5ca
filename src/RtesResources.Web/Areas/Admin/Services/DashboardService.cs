using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Services;

/// <summary>What needs the editors' attention, in a handful of grouped queries.</summary>
public sealed class DashboardService(AppDbContext db, TimeProvider clock)
{
    public const int LapsingWithinDays = 60;

    public async Task<DashboardViewModel> BuildAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        var live = db.Resources.AsNoTracking().Where(r => r.DeletedAt == null);

        var byStatus = (await StatusCounts(now).ToListAsync(cancellationToken))
            .GroupBy(g => g.Status(now))
            .ToDictionary(g => g.Key, g => g.Sum(x => x.Count));
        var byKind = await KindCounts().ToListAsync(cancellationToken);

        var recent = await db.ResourceRevisions.AsNoTracking()
            .OrderByDescending(r => r.SavedAt).ThenByDescending(r => r.Id)
            .Take(10)
            .Select(r => new RecentChange(r.ResourceId, r.Resource.Title, r.SavedAt, r.SavedByName, r.ChangedFields))
            .ToListAsync(cancellationToken);

        var lapsing = await Lapsing(today).ToListAsync(cancellationToken);

        return new DashboardViewModel
        {
            Drafts = byStatus.GetValueOrDefault(PublicationStatus.Draft),
            Scheduled = byStatus.GetValueOrDefault(PublicationStatus.Scheduled),
            Published = byStatus.GetValueOrDefault(PublicationStatus.Published),
            InBin = byStatus.GetValueOrDefault(PublicationStatus.InBin),
            ByKind = byKind,
            Recent = recent,
            MissingSummary = await Titles(live.Where(r => r.SummaryMarkdown == ""), cancellationToken),
            MissingCategory = await Titles(live.Where(r => !r.Categories.Any()), cancellationToken),
            PrivateWithoutFile = await Titles(live.Where(r => r.IsPrivate && !r.Attachments.Any(a => a.DeletedAt == null)), cancellationToken),
            Lapsing = lapsing,
        };
    }

    /// <summary>Counts by (PublishAt in the future, PublishAt set, in the bin); Visibility.StatusOf names each group.</summary>
    internal IQueryable<StatusGroup> StatusCounts(DateTime now) =>
        db.Resources.AsNoTracking()
            .GroupBy(r => new { InBin = r.DeletedAt != null, Set = r.PublishAt != null, Future = r.PublishAt > now })
            .Select(g => new StatusGroup(g.Key.InBin, g.Key.Set, g.Key.Future, g.Count()));

    internal sealed record StatusGroup(bool InBin, bool Set, bool Future, int Count)
    {
        // A representative moment for each group, so that the one definition of a status names it.
        public PublicationStatus Status(DateTime now) =>
            Visibility.StatusOf(
                publishAt: !Set ? null : Future ? DateTime.MaxValue : DateTime.MinValue,
                deletedAt: InBin ? DateTime.MinValue : null,
                nowUtc: now);
    }

    internal IQueryable<KindCount> KindCounts() =>
        db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position)
            .Select(k => new KindCount(k.Name, db.Resources.Count(r => r.DeletedAt == null && r.KindId == k.Id)));

    internal IQueryable<LapsingMembership> Lapsing(DateOnly today)
    {
        var until = today.AddDays(LapsingWithinDays);
        return db.Collectivities.AsNoTracking()
            .Where(c => c.IsActive)
            .Select(c => new { c.Name, EndsOn = c.Memberships.Max(p => (DateOnly?)p.EndsOn) })
            .Where(c => c.EndsOn >= today && c.EndsOn <= until)
            .OrderBy(c => c.EndsOn)
            .Select(c => new LapsingMembership(c.Name, c.EndsOn!.Value));
    }

    private static async Task<IReadOnlyList<ResourceLinkRow>> Titles(IQueryable<Resource> query, CancellationToken cancellationToken) =>
        await query.OrderByDescending(r => r.UpdatedAt).Take(8).Select(r => new ResourceLinkRow(r.Id, r.Title)).ToListAsync(cancellationToken);
}
