using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Content;

public sealed record RerenderReport(int Read, int Changed, int SkippedAsEditedMeanwhile);

/// <summary>
/// Renders every resource's stored Markdown again (HTML, excerpt, search text, its videos' transcripts), as a save would, after
/// the Markdown pipeline changed (Markdig or sanitizer settings, a new extension). It is not an edit:
/// the rendered columns are written with one UPDATE each that leaves the Markdown, UpdatedAt and the
/// concurrency Version alone, so no revision is recorded and no editor's open form goes stale. A
/// resource saved meanwhile (another Version) was rendered by that save and is skipped. Each changed
/// resource gets a search index change row, so every instance re-indexes it (transcripts included) and
/// drops its cached pages. A transcript is written only if its Markdown is still the one rendered.
/// Resources are read in batches by id, so memory does not grow with the catalogue.
/// </summary>
public sealed class ContentRerenderer(AppDbContext db, MarkdownRenderer renderer, TimeProvider clock)
{
    public const int DefaultBatchSize = 500;

    public async Task<RerenderReport> RerenderAsync(int batchSize = DefaultBatchSize, IProgress<RerenderReport>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int lastId = 0, read = 0, changed = 0, skipped = 0;
        while (true)
        {
            var batch = await db.Resources.AsNoTracking()
                .Where(r => r.Id > lastId)
                .OrderBy(r => r.Id)
                .Take(batchSize)
                .Select(r => new Stored(r.Id, r.Version, r.Title, r.SummaryMarkdown, r.BodyMarkdown, r.SummaryHtml, r.Excerpt, r.SearchText, r.BodyHtml, r.BodySearchText,
                    r.Links.Where(l => l.TranscriptMarkdown != "" || l.TranscriptHtml != "").OrderBy(l => l.Id)
                        .Select(l => new StoredTranscript(l.Id, l.TranscriptMarkdown, l.TranscriptHtml)).ToList()))
                .AsSplitQuery()
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            lastId = batch[^1].Id;
            read += batch.Count;
            var rendered = new Rendered[batch.Count];
            Parallel.For(0, batch.Count, i => rendered[i] = Render(batch[i]));
            var stale = batch.Zip(rendered).Where(pair => !pair.First.Matches(pair.Second)).ToList();
            if (stale.Count > 0)
            {
                var (written, editedMeanwhile) = await WriteAsync(stale, cancellationToken);
                changed += written;
                skipped += editedMeanwhile;
            }

            progress?.Report(new RerenderReport(read, changed, skipped));
        }

        return new RerenderReport(read, changed, skipped);
    }

    private Rendered Render(Stored stored)
    {
        var (summaryHtml, excerpt, searchText) = ResourceContentInterceptor.RenderSummary(renderer, stored.Title, stored.SummaryMarkdown);
        var (bodyHtml, bodySearchText) = ResourceContentInterceptor.RenderBody(renderer, stored.BodyMarkdown);
        var transcripts = stored.Transcripts.Select(t => ResourceContentInterceptor.RenderTranscript(renderer, t.Markdown)).ToList();
        return new Rendered(summaryHtml, excerpt, searchText, bodyHtml, bodySearchText, transcripts);
    }

    /// <summary>One batch in one transaction: the rendered columns, and the index change rows of the resources written.</summary>
    private Task<(int Written, int EditedMeanwhile)> WriteAsync(List<(Stored Stored, Rendered Rendered)> stale, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            int written = 0, editedMeanwhile = 0;
            var now = clock.GetUtcNow().UtcDateTime;
            foreach (var (stored, content) in stale)
            {
                var rows = await db.Resources
                    .Where(r => r.Id == stored.Id && r.Version == stored.Version)
                    .ExecuteUpdateAsync(s => s
                        .SetProperty(r => r.SummaryHtml, content.SummaryHtml)
                        .SetProperty(r => r.Excerpt, content.Excerpt)
                        .SetProperty(r => r.SearchText, content.SearchText)
                        .SetProperty(r => r.BodyHtml, content.BodyHtml)
                        .SetProperty(r => r.BodySearchText, content.BodySearchText), ct);
                if (rows == 1)
                {
                    foreach (var (transcript, html) in stored.Transcripts.Zip(content.TranscriptHtml).Where(pair => pair.First.Html != pair.Second))
                    {
                        await db.ResourceLinks
                            .Where(l => l.Id == transcript.LinkId && l.TranscriptMarkdown == transcript.Markdown)
                            .ExecuteUpdateAsync(s => s.SetProperty(l => l.TranscriptHtml, html), ct);
                    }

                    written++;
                    db.SearchIndexChanges.Add(new SearchIndexChange { ResourceId = stored.Id, CreatedAt = now });
                }
                else
                {
                    editedMeanwhile++;
                }
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            db.ChangeTracker.Clear();
            return (written, editedMeanwhile);
        }, cancellationToken);

    private sealed record Stored(int Id, int Version, string Title, string SummaryMarkdown, string BodyMarkdown, string SummaryHtml, string Excerpt, string SearchText, string BodyHtml, string BodySearchText, List<StoredTranscript> Transcripts)
    {
        public bool Matches(Rendered rendered) =>
            SummaryHtml == rendered.SummaryHtml && Excerpt == rendered.Excerpt && SearchText == rendered.SearchText
            && BodyHtml == rendered.BodyHtml && BodySearchText == rendered.BodySearchText
            && Transcripts.Select(t => t.Html).SequenceEqual(rendered.TranscriptHtml, StringComparer.Ordinal);
    }

    private sealed record StoredTranscript(int LinkId, string Markdown, string Html);

    private sealed record Rendered(string SummaryHtml, string Excerpt, string SearchText, string BodyHtml, string BodySearchText, List<string> TranscriptHtml);
}
