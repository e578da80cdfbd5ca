using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Data;

/// <summary>
/// Renders a resource's Markdown to sanitized HTML, and refreshes its search text, whenever it is
/// saved. Pages then only read HTML: rendering happens once per save, never per request, and no
/// editor, importer or seeder can store Markdown without its HTML.
/// </summary>
public sealed class ResourceContentInterceptor(MarkdownRenderer renderer) : SavingChangesInterceptor
{
    public static string Canonical(string? markdown) => (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    protected override void BeforeSave(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries<Resource>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var resource = entry.Entity;
            var isNew = entry.State == EntityState.Added;

            // One canonical form whoever writes (form, import, seed): comparisons and round trips then hold.
            resource.SummaryMarkdown = Canonical(resource.SummaryMarkdown);
            resource.BodyMarkdown = Canonical(resource.BodyMarkdown);
            if (isNew || entry.Property(r => r.SummaryMarkdown).IsModified || entry.Property(r => r.Title).IsModified)
            {
                resource.SummaryHtml = renderer.ToSafeHtml(resource.SummaryMarkdown);
                resource.Excerpt = renderer.ToExcerpt(resource.SummaryMarkdown, Resource.ExcerptMaxLength);
                resource.SearchText = SearchText.Normalize(resource.Title + "\n" + resource.SummaryMarkdown);
            }

            if (isNew || entry.Property(r => r.BodyMarkdown).IsModified)
            {
                resource.BodyHtml = renderer.ToSafeHtml(resource.BodyMarkdown);
                resource.BodySearchText = SearchText.Normalize(resource.BodyMarkdown);
            }
        }
    }
}
