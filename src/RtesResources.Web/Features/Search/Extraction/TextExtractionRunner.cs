using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Search.Extraction;

/// <summary>
/// One pass of text extraction: claim one pending attachment in the database, read its text, save the
/// result. Claims are conditional updates with an expiry, so that several instances never read the
/// same file at once and a file claimed by a stopped instance is taken over when its claim runs out;
/// a pass cancelled by a clean stop hands its claim back at once.
/// The background worker calls it in a loop; tests call it directly.
/// </summary>
public sealed class TextExtractionRunner(
    IServiceScopeFactory scopes,
    AttachmentTextExtractor extractor,
    IFileStore files,
    TimeProvider clock,
    IOptions<TextExtractionOptions> options,
    ILogger<TextExtractionRunner> logger)
{
    public const string FileMissing = "fichier introuvable dans le stockage";
    public const string UnexpectedError = "erreur inattendue pendant la lecture du fichier";
    public const string GaveUp = "abandonné : la lecture a été interrompue à chaque tentative";

    private readonly TextExtractionOptions _options = options.Value;

    /// <summary>Extracts the text of one pending attachment; false when there was none to claim.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        Guid? candidate;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            // Never-claimed files first (nulls sort first on both providers), then the oldest expired claims.
            candidate = await Claimable(db.Attachments, now)
                .OrderBy(a => a.TextClaimedUntil).ThenBy(a => a.CreatedAt)
                .Select(a => (Guid?)a.Id)
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (candidate is not Guid id || await TryClaimAsync(id, cancellationToken) is not DateTime claimedUntil)
        {
            return false;
        }

        try
        {
            await ProcessAsync(id, claimedUntil, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The site is stopping: the file goes back at once to whichever instance polls next,
            // rather than after the claim runs out, and the interrupted attempt is not counted.
            await ReleaseAsync(id, claimedUntil);
            throw;
        }

        return true;
    }

    /// <summary>Hands back a claim this pass holds, unless it has run out and been taken since.</summary>
    private async Task ReleaseAsync(Guid attachmentId, DateTime claimedUntil)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        DateTime? released = null;
        await db.Attachments.Where(a => a.Id == attachmentId && a.TextClaimedUntil == claimedUntil && a.TextState == TextExtractionState.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.TextClaimedUntil, released).SetProperty(a => a.TextAttempts, a => a.TextAttempts - 1), CancellationToken.None);
    }

    /// <summary>
    /// Claims one attachment with a single conditional UPDATE: of two workers racing for it, the
    /// database lets one change the row and tells the other that nothing matched.
    /// </summary>
    /// <returns>The claim's expiry, or null when the attachment was not claimable (taken, done, removed).</returns>
    public async Task<DateTime?> TryClaimAsync(Guid attachmentId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? until = now + _options.ClaimLease;
        var claimed = await Claimable(db.Attachments, now)
            .Where(a => a.Id == attachmentId)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(a => a.TextClaimedUntil, until)
                    .SetProperty(a => a.TextAttempts, a => a.TextAttempts + 1),
                cancellationToken);
        return claimed == 1 ? until : null;
    }

    /// <summary>Removed files wait, still pending, in case an editor puts them back.</summary>
    private static IQueryable<Attachment> Claimable(IQueryable<Attachment> attachments, DateTime now) =>
        attachments.Where(a => a.TextState == TextExtractionState.Pending
            && a.DeletedAt == null
            && (a.TextClaimedUntil == null || a.TextClaimedUntil < now));

    private async Task ProcessAsync(Guid id, DateTime claimedUntil, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Tracked on purpose: the search index follows tracked changes to attachments when they are saved.
        var attachment = await db.Attachments.SingleOrDefaultAsync(a => a.Id == id && a.TextClaimedUntil == claimedUntil && a.DeletedAt == null, cancellationToken);
        if (attachment is null)
        {
            logger.TextExtractionDropped(id);
            return;
        }

        // Past the maximum, every earlier attempt stopped without writing anything (the process died on
        // this file): reading it again would only stop this instance too.
        var result = attachment.TextAttempts > _options.MaxAttempts
            ? TextExtractionResult.Failed(GaveUp)
            : await ExtractAsync(attachment, cancellationToken);

        Apply(attachment, result);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The resource was purged while its file was being read.
            logger.TextExtractionDropped(id);
            return;
        }

        if (result.State == TextExtractionState.Failed || attachment.TextState == TextExtractionState.Failed)
        {
            logger.TextExtractionFailed(id, attachment.TextAttempts, _options.MaxAttempts, attachment.TextError ?? "");
        }
        else
        {
            logger.TextExtracted(id, attachment.TextState, attachment.ExtractedText?.Length ?? 0);
        }
    }

    private async Task<TextExtractionResult> ExtractAsync(Attachment attachment, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await files.OpenReadAsync(attachment.StorageKey, cancellationToken);
            return content is null
                ? TextExtractionResult.Failed(FileMissing)
                : await extractor.ExtractAsync(content, attachment.ContentType, attachment.FileName, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One file's surprise must not stop the others: it becomes that file's failure.
            logger.TextExtractionCrashed(exception, attachment.Id);
            return TextExtractionResult.Failed(UnexpectedError);
        }
    }

    private void Apply(Attachment attachment, TextExtractionResult result)
    {
        switch (result.State)
        {
            case TextExtractionState.Indexed or TextExtractionState.NoText:
                attachment.TextState = result.State;
                attachment.ExtractedText = result.Text;
                attachment.TextError = null;
                attachment.TextClaimedUntil = null;
                break;
            default:
                var reason = result.Error ?? UnexpectedError;
                attachment.TextError = reason.Length > 500 ? reason[..500] : reason;
                attachment.ExtractedText = null;
                if (attachment.TextAttempts >= _options.MaxAttempts)
                {
                    attachment.TextState = TextExtractionState.Failed;
                    attachment.TextClaimedUntil = null;
                }

                // Otherwise it stays pending and claimed until the lease runs out: that is the wait before a retry.
                break;
        }
    }
}
