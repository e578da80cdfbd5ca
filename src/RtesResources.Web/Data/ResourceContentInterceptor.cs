using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Data;

/// <summary>
/// Renders a resource's Markdown to sanitized HTML, and refreshes its search text, whenever it is
/// saved. Pages then only read HTML: rendering happens once per save, never per request, and no
/// editor, importer or seeder can store Markdown without its HTML.
/// </summary>
/// <remarks>
/// A bulk writer may render ahead of the save (<see cref="PrerenderedContent"/>): a rendering made
/// from exactly the title, summary and body being saved is then used as it is, since rendering them
/// again would give the same columns.
/// </remarks>
public sealed class ResourceContentInterceptor(MarkdownRenderer renderer, PrerenderedContent? prerendered = null) : SavingChangesInterceptor
{
    public static string Canonical(string? markdown) => (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    /// <summary>Below this many resources in one save, rendering in parallel costs more than it saves.</summary>
    private const int ParallelFrom = 16;

    /// <summary>The columns rendered from a resource's title, summary and body (canonical Markdown).</summary>
    public static ContentRendering Render(MarkdownRenderer renderer, string title, string summaryMarkdown, string bodyMarkdown)
    {
        var (summaryHtml, excerpt, searchText) = RenderSummary(renderer, title, summaryMarkdown);
        var (bodyHtml, bodySearchText) = RenderBody(renderer, bodyMarkdown);
        return new ContentRendering(summaryHtml, excerpt, searchText, bodyHtml, bodySearchText);
    }

    /// <summary>What a save stores from the title and summary: the summary's HTML, the excerpt and the folded search text.</summary>
    public static (string Html, string Excerpt, string SearchText) RenderSummary(MarkdownRenderer renderer, string title, string markdown)
    {
        var (html, excerpt) = renderer.ToSafeHtmlAndExcerpt(markdown, Resource.ExcerptMaxLength);
        return (html, excerpt, SearchText.Normalize(title + "\n" + markdown));
    }

    /// <summary>What a save stores from the body: its HTML and folded search text.</summary>
    public static (string Html, string SearchText) RenderBody(MarkdownRenderer renderer, string markdown) =>
        (renderer.ToSafeHtml(markdown), SearchText.Normalize(markdown));

    /// <summary>What a save stores from a video's transcript: its HTML, none for no transcript.</summary>
    public static string RenderTranscript(MarkdownRenderer renderer, string markdown) =>
        markdown.Length == 0 ? "" : renderer.ToSafeHtml(markdown);

    protected override void BeforeSave(DbContext context)
    {
        // With automatic detection off (a bulk writer that detected changes itself), what this
        // interceptor changes on a modified resource must be detected here.
        var detectOwnChanges = !context.ChangeTracker.AutoDetectChangesEnabled;
        var work = new List<(Resource Resource, bool Summary, bool Body)>();
        var modified = new List<Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<Resource>>();
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
            if (!isNew && detectOwnChanges)
            {
                entry.DetectChanges();
                modified.Add(entry);
            }

            var summary = isNew || entry.Property(r => r.SummaryMarkdown).IsModified || entry.Property(r => r.Title).IsModified;
            var body = isNew || entry.Property(r => r.BodyMarkdown).IsModified;
            if (!summary && !body)
            {
                continue;
            }

            if (prerendered?.Take(resource.Title, resource.SummaryMarkdown, resource.BodyMarkdown) is { } rendering)
            {
                Apply(resource, rendering, summary, body);
            }
            else
            {
                work.Add((resource, summary, body));
            }
        }

        // An import saves hundreds of resources at a time: rendering them is much of its work, and the
        // renderer (Markdig and HtmlSanitizer, shared by all requests) is thread-safe.
        if (work.Count >= ParallelFrom)
        {
            Parallel.ForEach(work, item => Render(item.Resource, item.Summary, item.Body));
        }
        else
        {
            work.ForEach(item => Render(item.Resource, item.Summary, item.Body));
        }

        modified.ForEach(entry => entry.DetectChanges());
        RenderTranscripts(context, detectOwnChanges);
    }

    /// <summary>A video's transcript is shown like the body: rendered and sanitized once, when it changes.</summary>
    private void RenderTranscripts(DbContext context, bool detectOwnChanges)
    {
        foreach (var entry in context.ChangeTracker.Entries<ResourceLink>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified))
            {
                continue;
            }

            var link = entry.Entity;
            link.TranscriptMarkdown = Canonical(link.TranscriptMarkdown);
            if (detectOwnChanges)
            {
                entry.DetectChanges();
            }

            if (entry.State == EntityState.Added || entry.Property(l => l.TranscriptMarkdown).IsModified)
            {
                link.TranscriptHtml = RenderTranscript(renderer, link.TranscriptMarkdown);
                if (detectOwnChanges)
                {
                    entry.DetectChanges();
                }
            }
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

    private static void Apply(Resource resource, ContentRendering rendering, bool summary, bool body)
    {
        if (summary)
        {
            resource.SummaryHtml = rendering.SummaryHtml;
            resource.Excerpt = rendering.Excerpt;
            resource.SearchText = rendering.SearchText;
        }

        if (body)
        {
            resource.BodyHtml = rendering.BodyHtml;
            resource.BodySearchText = rendering.BodySearchText;
        }
    }
}

/// <summary>The columns <see cref="ResourceContentInterceptor"/> renders from a resource's Markdown.</summary>
public sealed record ContentRendering(string SummaryHtml, string Excerpt, string SearchText, string BodyHtml, string BodySearchText);

/// <summary>
/// Renderings made ahead of a save, keyed by the exact title, summary and body (canonical Markdown)
/// they were made from: the import renders a batch on another core while the previous batch is being
/// saved. <see cref="ResourceContentInterceptor"/> takes the one that matches a resource it saves,
/// and renders as usual when none does. Scoped, like the context; used from one thread at a time.
/// </summary>
public sealed class PrerenderedContent
{
    private readonly Dictionary<(string Title, string Summary, string Body), ContentRendering> _renderings = new(new TextsComparer());

    public int Count => _renderings.Count;

    public void Add(string title, string summaryMarkdown, string bodyMarkdown, ContentRendering rendering) =>
        _renderings[(title, summaryMarkdown, bodyMarkdown)] = rendering;

    public ContentRendering? Take(string title, string summaryMarkdown, string bodyMarkdown) =>
        _renderings.Remove((title, summaryMarkdown, bodyMarkdown), out var rendering) ? rendering : null;

    public void Clear() => _renderings.Clear();
}

/// <summary>
/// Equal texts, compared in full; hashed from their lengths and ends only, since bodies run to
/// thousands of characters and are nearly always told apart by those.
/// </summary>
internal sealed class TextsComparer : IEqualityComparer<(string Title, string Summary, string Body)>
{
    private const int Sample = 64;

    public bool Equals((string Title, string Summary, string Body) x, (string Title, string Summary, string Body) y) =>
        string.Equals(x.Title, y.Title, StringComparison.Ordinal)
        && string.Equals(x.Summary, y.Summary, StringComparison.Ordinal)
        && string.Equals(x.Body, y.Body, StringComparison.Ordinal);

    public int GetHashCode((string Title, string Summary, string Body) texts) =>
        HashCode.Combine(string.GetHashCode(texts.Title, StringComparison.Ordinal), Ends(texts.Summary), Ends(texts.Body));

    private static int Ends(string text) => text.Length <= 2 * Sample
        ? string.GetHashCode(text, StringComparison.Ordinal)
        : HashCode.Combine(text.Length, string.GetHashCode(text.AsSpan(0, Sample), StringComparison.Ordinal), string.GetHashCode(text.AsSpan(text.Length - Sample), StringComparison.Ordinal));
}
