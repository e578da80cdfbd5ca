using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Publishing;

namespace RtesResources.Web.Areas.Admin.Services;

/// <summary>The editors' list of resources: every status, filters for what needs work, sortable, paged.</summary>
public sealed class ResourceListService(AppDbContext db, ResourceBulkService bulk, TimeProvider clock)
{
    public const int PageSize = 25;

    /// <summary>The list; <paramref name="bulk"/> and <paramref name="checkedIds"/> when a bulk action form comes back with errors.</summary>
    public async Task<ResourceListViewModel> ListAsync(ResourceListQuery query, BulkActionInput? bulk = null, IReadOnlyCollection<int>? checkedIds = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var resources = query.Filter(db.Resources.AsNoTracking(), now);
        var total = await resources.CountAsync(cancellationToken);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.PageNumber, 1, pages);

        var sorted = query.Tri switch
        {
            "titre" => resources.OrderBy(r => r.Title).ThenBy(r => r.Id),
            "publication" => resources.OrderByDescending(r => r.PublishedOn).ThenByDescending(r => r.Id),
            _ => resources.OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id),
        };
        var rows = await sorted
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(r => new ResourceRow(
                r.Id, r.Title, r.Slug, r.Kind.Name, r.IsPrivate, r.PublishAt, r.DeletedAt, r.UpdatedAt,
                r.SummaryMarkdown != "", r.Categories.Count, r.Attachments.Count(a => a.DeletedAt == null)))
            .ToListAsync(cancellationToken);

        return new ResourceListViewModel
        {
            Query = query with { PageNumber = page },
            Rows = rows,
            Total = total,
            Pages = pages,
            Now = now,
            Kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).Select(k => new ChoiceOption(k.Id, k.Name)).ToListAsync(cancellationToken),
            Categories = await db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new ChoiceOption(c.Id, c.Name)).ToListAsync(cancellationToken),
            Series = await db.Series.AsNoTracking().OrderBy(s => s.Name).Select(s => new ChoiceOption(s.Id, s.Name)).ToListAsync(cancellationToken),
            Bulk = bulk ?? new BulkActionInput(),
            Checked = checkedIds?.ToHashSet() ?? [],
        };
    }

    /// <summary>The confirmation page of an action on every resource the filters match, counted now.</summary>
    public async Task<BulkConfirmViewModel> BulkConfirmationAsync(BulkAction action, BulkActionInput input, ResourceListQuery filters, string? notice = null, CancellationToken cancellationToken = default) => new()
    {
        Action = action,
        Input = input,
        Filters = filters with { Cocher = null },
        Count = await bulk.CountAsync(filters, cancellationToken),
        FilterDescription = await bulk.DescribeAsync(filters, cancellationToken),
        Notice = notice,
    };
}
