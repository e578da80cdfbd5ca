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

    /// <summary>Below this many resources in one save, rendering in parallel costs more than it saves.</summary>
    private const int ParallelFrom = 16;

    protected override void BeforeSave(DbContext context)
    {
        var work = new List<(Resource Resource, bool Summary, bool Body)>();
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
            var summary = isNew || entry.Property(r => r.SummaryMarkdown).IsModified || entry.Property(r => r.Title).IsModified;
            var body = isNew || entry.Property(r => r.BodyMarkdown).IsModified;
            if (summary || body)
            {
                work.Add((resource, summary, body));
            }
        }

        // An import saves a thousand resources at a time: rendering them is most of its work, and the
        // renderer (Markdig and HtmlSanitizer, shared by all requests) is thread-safe.
        if (work.Count >= ParallelFrom)
        {
            Parallel.ForEach(work, item => Render(item.Resource, item.Summary, item.Body));
        }
        else
        {
            work.ForEach(item => Render(item.Resource, item.Summary, item.Body));
        }
    }

    private void Render(Resource resource, bool summary, bool body)
    {
        if (summary)
        {
            (resource.SummaryHtml, resource.Excerpt, resource.SearchText) = RenderSummary(renderer, resource.Title, resource.SummaryMarkdown);
        }

        if (body)
        {
            (resource.BodyHtml, resource.BodySearchText) = RenderBody(renderer, resource.BodyMarkdown);
        }
    }

    /// <summary>What a save stores from the title and summary: the summary's HTML, the excerpt and the folded search text.</summary>
    public static (string Html, string Excerpt, string SearchText) RenderSummary(MarkdownRenderer renderer, string title, string summaryMarkdown) =>
        (renderer.ToSafeHtml(summaryMarkdown), renderer.ToExcerpt(summaryMarkdown, Resource.ExcerptMaxLength), SearchText.Normalize(title + "\n" + summaryMarkdown));

    /// <summary>What a save stores from the body: its HTML and folded search text.</summary>
    public static (string Html, string SearchText) RenderBody(MarkdownRenderer renderer, string bodyMarkdown) =>
        (renderer.ToSafeHtml(bodyMarkdown), SearchText.Normalize(bodyMarkdown));
}
