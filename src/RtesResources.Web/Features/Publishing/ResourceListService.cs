using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Publishing;

/// <summary>The editors' list of resources: every status, filters for what needs work, sortable, paged.</summary>
public sealed class ResourceListService(AppDbContext db, TimeProvider clock)
{
    public const int PageSize = 25;

    /// <summary>The list; <paramref name="bulk"/> and <paramref name="checkedIds"/> when a bulk action form comes back with errors.</summary>
    public async Task<ResourceListViewModel> ListAsync(ResourceListQuery query, BulkActionInput? bulk = null, IReadOnlyCollection<int>? checkedIds = null, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var resources = Filtered(db.Resources.AsNoTracking(), query, now);
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

    /// <summary>
    /// The search's first 200 characters without what Unicode normalization refuses (U+FFFE, U+FFFF,
    /// a surrogate without its pair, as cutting can leave): typed by no one, but a form can carry them.
    /// The rest still filters, so that an action on "every row the filters match" never widens.
    /// </summary>
    internal static string Searchable(string q)
    {
        var text = q.Length > 200 ? q[..200] : q;
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(text, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(text[i]) && text[i] is not ('\uFFFE' or '\uFFFF'))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }

    internal static IQueryable<Resource> Filtered(IQueryable<Resource> resources, ResourceListQuery query, DateTime now)
    {
        resources = query.Statut switch
        {
            "brouillon" => resources.Where(r => r.DeletedAt == null && r.PublishAt == null),
            "programmee" => resources.Where(r => r.DeletedAt == null && r.PublishAt > now),
            "publiee" => resources.Where(r => r.DeletedAt == null && r.PublishAt <= now),
            "corbeille" => resources.Where(r => r.DeletedAt != null),
            _ => resources.Where(r => r.DeletedAt == null),
        };

        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            foreach (var term in SearchText.Normalize(Searchable(query.Q)).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8))
            {
                resources = resources.Where(r => r.SearchText.Contains(term) || r.Slug.Contains(term));
            }
        }

        if (query.Type is int kindId)
        {
            resources = resources.Where(r => r.KindId == kindId);
        }

        if (query.Thematique is int categoryId)
        {
            resources = resources.Where(r => r.Categories.Any(c => c.Id == categoryId));
        }

        resources = query.Acces switch
        {
            "public" => resources.Where(r => !r.IsPrivate),
            "adherents" => resources.Where(r => r.IsPrivate),
            _ => resources,
        };

        return query.Manque switch
        {
            "resume" => resources.Where(r => r.SummaryMarkdown == ""),
            "thematique" => resources.Where(r => !r.Categories.Any()),
            "fichier" => resources.Where(r => r.IsPrivate && !r.Attachments.Any(a => a.DeletedAt == null)),
            _ => resources,
        };
    }
}
