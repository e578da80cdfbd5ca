using RtesResources.Web.Data;

namespace RtesResources.Web.Infrastructure;

/// <summary>The app's log messages, source-generated so that disabled levels cost nothing.</summary>
public static partial class AppLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applying database migrations ({Provider})")]
    public static partial void ApplyingMigrations(this ILogger logger, DatabaseProvider provider);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Demo data: {Added} resources added, {Skipped} already present")]
    public static partial void DemoDataSeeded(this ILogger logger, int added, int skipped);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    public static partial void UnhandledException(this ILogger logger, Exception exception, string path);
}
