using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Data;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

/// <summary>What needs the editors' attention, in a handful of grouped queries.</summary>
public sealed class DashboardService(AppDbContext db, TimeProvider clock)
{
    public const int LapsingWithinDays = 60;

    public async Task<DashboardViewModel> BuildAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = clock.Today();
        var live = db.Resources.AsNoTracking().Where(r => r.DeletedAt == null);

        var byStatus = await StatusCounts(now).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var byKind = await KindCounts().ToListAsync(cancellationToken);

        var recent = await db.ResourceRevisions.AsNoTracking()
            .OrderByDescending(r => r.SavedAt).ThenByDescending(r => r.Id)
            .Take(10)
            .Select(r => new RecentChange(r.ResourceId, r.Resource.Title, r.SavedAt, r.SavedByName, r.ChangedFields))
            .ToListAsync(cancellationToken);

        var lapsing = await Lapsing(today).ToListAsync(cancellationToken);

        return new DashboardViewModel
        {
            Drafts = byStatus.GetValueOrDefault(0),
            Scheduled = byStatus.GetValueOrDefault(1),
            Published = byStatus.GetValueOrDefault(2),
            InBin = byStatus.GetValueOrDefault(3),
            ByKind = byKind,
            Recent = recent,
            MissingSummary = await Titles(live.Where(r => r.SummaryMarkdown == ""), cancellationToken),
            MissingCategory = await Titles(live.Where(r => !r.Categories.Any()), cancellationToken),
            PrivateWithoutFile = await Titles(live.Where(r => r.IsPrivate && !r.Attachments.Any(a => a.DeletedAt == null)), cancellationToken),
            Lapsing = lapsing,
        };
    }

    /// <summary>0 draft, 1 scheduled, 2 published, 3 in the bin.</summary>
    internal IQueryable<Catalogue.KeyCount<int>> StatusCounts(DateTime now) =>
        db.Resources.AsNoTracking()
            .GroupBy(r => r.DeletedAt != null ? 3 : r.PublishAt == null ? 0 : r.PublishAt > now ? 1 : 2)
            .Select(g => new Catalogue.KeyCount<int>(g.Key, g.Count()));

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

    private static async Task<IReadOnlyList<ResourceLinkRow>> Titles(IQueryable<Domain.Resource> query, CancellationToken cancellationToken) =>
        await query.OrderByDescending(r => r.UpdatedAt).Take(8).Select(r => new ResourceLinkRow(r.Id, r.Title)).ToListAsync(cancellationToken);
}
