using RtesResources.Web.Data;

namespace RtesResources.Web.Infrastructure;

/// <summary>The app's log messages, source-generated so that disabled levels cost nothing.</summary>
public static partial class AppLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applying database migrations ({Provider})")]
    public static partial void ApplyingMigrations(this ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Demo data: {Added} resources added, {Skipped} already present")]
    public static partial void DemoDataSeeded(this ILogger logger, int added, int skipped);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Command failed: {Command}")]
    public static partial void CommandFailed(this ILogger logger, Exception exception, string command);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Signed in: user {UserId}")]
    public static partial void SignedIn(this ILogger logger, string userId);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Failed sign-in; account locked out: {LockedOut}")]
    public static partial void SignInFailed(this ILogger logger, bool lockedOut);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Password set through a {Purpose} link: user {UserId}")]
    public static partial void PasswordSetFromLink(this ILogger logger, Domain.AccountLinkPurpose purpose, string userId);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Password reset requested; account found: {Found}")]
    public static partial void PasswordResetRequested(this ILogger logger, bool found);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Two-factor authentication enabled: user {UserId}")]
    public static partial void TwoFactorEnabled(this ILogger logger, string userId);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Account deletion requested: user {UserId}")]
    public static partial void DeletionRequested(this ILogger logger, string userId);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Account erased: user {UserId}, by {ErasedBy}; {Revisions} revision(s) anonymised, {AccessRequests} access request(s) deleted")]
    public static partial void AccountErased(this ILogger logger, string userId, string erasedBy, int revisions, int accessRequests);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Rate limit reached on {Path}")]
    public static partial void RateLimited(this ILogger logger, string path);

    [LoggerMessage(EventId = 1200, Level = LogLevel.Error, Message = "E-mail could not be sent: {Subject}")]
    public static partial void EmailFailed(this ILogger logger, Exception exception, string subject);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Work queued after a response failed: {Description}")]
    public static partial void QueuedWorkFailed(this ILogger logger, Exception exception, string description);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Text of attachment {AttachmentId}: {State}, {Characters} characters")]
    public static partial void TextExtracted(this ILogger logger, Guid attachmentId, Domain.TextExtractionState state, int characters);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Text of attachment {AttachmentId} not extracted (attempt {Attempt} of {MaxAttempts}): {Reason}")]
    public static partial void TextExtractionFailed(this ILogger logger, Guid attachmentId, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Unexpected error while extracting the text of attachment {AttachmentId}")]
    public static partial void TextExtractionCrashed(this ILogger logger, Exception exception, Guid attachmentId);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Text of attachment {AttachmentId} dropped: the file was removed or its claim taken over meanwhile")]
    public static partial void TextExtractionDropped(this ILogger logger, Guid attachmentId);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Text extraction pass failed; retrying at the next poll")]
    public static partial void TextExtractionPassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1620, Level = LogLevel.Warning, Message = "Attachment storage unreachable (container {Container})")]
    public static partial void StorageUnreachable(this ILogger logger, Exception exception, string container);

    [LoggerMessage(EventId = 1622, Level = LogLevel.Warning, Message = "Attachment storage unreachable while serving {Path}: answered 503")]
    public static partial void StorageUnreachableOnDownload(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1621, Level = LogLevel.Warning, Message = "Attachment storage unreachable at start: the site is not ready until it answers")]
    public static partial void StorageUnreachableAtStart(this ILogger logger);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Debug, Message = "Import of {Rows} rows: reading and checking {Reading:F1} s, rendering ahead {Rendering:F1} s (waited for {Waiting:F1} s), staging {Staging:F1} s, saving {Saving:F1} s; garbage collection paused {GcPause:F1} s")]
    public static partial void ImportTimings(this ILogger logger, int rows, double reading, double rendering, double waiting, double staging, double saving, double gcPause);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Import committed in {Seconds:F1} s")]
    public static partial void ImportCommitted(this ILogger logger, double seconds);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Error, Message = "Bulk action {Operation} on {Count} resources failed and was rolled back")]
    public static partial void BulkActionFailed(this ILogger logger, Exception exception, Features.Publishing.BulkOperation operation, int count);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    public static partial void UnhandledException(this ILogger logger, Exception exception, string path);

    [LoggerMessage(EventId = 1600, Level = LogLevel.Warning, Message = "The shared page cache (Redis) did not answer; the page is rendered without it")]
    public static partial void PageCacheUnavailable(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "Cached pages tagged {Tag} could not be evicted from the shared page cache (Redis); they expire with their lifetime")]
    public static partial void PageCacheEvictionFailed(this ILogger logger, Exception exception, string tag);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Lease {Name} was lost to another instance; its work is cancelled here")]
    public static partial void LeaseLost(this ILogger logger, string name);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Leases and claims could not be handed back at shutdown; they run out by themselves")]
    public static partial void BackgroundWorkNotReleased(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1702, Level = LogLevel.Warning, Message = "E-mail {MessageId} could not be sent (attempt {Attempts} of {MaxAttempts}); next attempt at {NextAttemptAt:u}")]
    public static partial void OutboxSendFailed(this ILogger logger, Exception exception, long messageId, int attempts, int maxAttempts, DateTime nextAttemptAt);

    [LoggerMessage(EventId = 1703, Level = LogLevel.Error, Message = "E-mail {MessageId} given up after {Attempts} attempts")]
    public static partial void OutboxGaveUp(this ILogger logger, Exception exception, long messageId, int attempts);

    [LoggerMessage(EventId = 1704, Level = LogLevel.Error, Message = "E-mail outbox pass failed; retrying at the next poll")]
    public static partial void OutboxPassFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1705, Level = LogLevel.Warning, Message = "Purge {Name} failed; retrying later")]
    public static partial void PurgeFailed(this ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "The shared rate limits (Redis) do not answer; requests are counted by this instance alone until they do")]
    public static partial void RateLimitCountedLocally(this ILogger logger, Exception exception);
}
