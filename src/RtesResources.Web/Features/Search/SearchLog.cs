namespace RtesResources.Web.Features.Search;

/// <summary>The search index's log messages.</summary>
public static partial class SearchLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Search index must be rebuilt: {Reason}")]
    public static partial void IndexNeedsRebuild(this ILogger logger, string reason);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Search index rebuilt: {Count} resources in {Seconds:F1} s")]
    public static partial void IndexRebuilt(this ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Search index changes could not be applied; retrying")]
    public static partial void ApplyFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Search index could not be opened or rebuilt; search is served by the database meanwhile")]
    public static partial void StartFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Search query failed; answering from the database: {Query}")]
    public static partial void QueryFailed(this ILogger logger, Exception exception, string query);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Search warmed up: {Count} searches in {Seconds:F1} s")]
    public static partial void WarmedUp(this ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Warning, Message = "Search warm-up failed; the site is ready without it")]
    public static partial void WarmUpFailed(this ILogger logger, Exception exception);
}
