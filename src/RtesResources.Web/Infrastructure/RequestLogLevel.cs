using Serilog.Events;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The level of each request's log line. Answered quickly and without error, a request is a Debug
/// line: after a newsletter the site answers thousands of requests a second, and formatting and
/// writing a line for each took a fifth of the CPU (docs/performance.md); the reverse proxy keeps the
/// access log. Errors, refusals and slow answers are always written.
/// </summary>
public static class RequestLogLevel
{
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);

    public static LogEventLevel Of(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is not null || (context.Response.StatusCode >= 500 && context.Response.StatusCode != StatusCodes.Status503ServiceUnavailable) ? LogEventLevel.Error
        // A 503 is the site's own answer to a service it depends on being away (storage, readiness), logged where it is decided.
        : context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable ? LogEventLevel.Warning
        : context.Response.StatusCode >= 400 || elapsedMilliseconds >= Slow.TotalMilliseconds ? LogEventLevel.Information
        : LogEventLevel.Debug;
}
