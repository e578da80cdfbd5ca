namespace RtesResources.Web.Features.Search;

/// <summary>The suggestions' log messages (event ids 1450 and up, next to the index's 14xx).</summary>
public static partial class SuggestionLog
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Warning, Message = "Search suggestions answered without titles: the index is not open")]
    public static partial void SuggestionsWithoutTitles(this ILogger logger, Exception exception);
}
