using Microsoft.AspNetCore.Http;
using RtesResources.Web.Infrastructure;
using Serilog.Events;

namespace RtesResources.Tests.Web;

/// <summary>Quick successful requests are Debug lines (not written by default); errors, refusals and slow answers are always written.</summary>
public sealed class RequestLogLevelTests
{
    [Theory]
    [InlineData(200, 12.0, false, LogEventLevel.Debug)]
    [InlineData(304, 3.0, false, LogEventLevel.Debug)]
    [InlineData(302, 40.0, false, LogEventLevel.Debug)]
    [InlineData(200, 1500.0, false, LogEventLevel.Information)]
    [InlineData(404, 2.0, false, LogEventLevel.Information)]
    [InlineData(429, 2.0, false, LogEventLevel.Information)]
    [InlineData(500, 2.0, false, LogEventLevel.Error)]
    [InlineData(503, 2.0, false, LogEventLevel.Warning)]
    [InlineData(200, 2.0, true, LogEventLevel.Error)]
    public void TheLevelFollowsTheOutcome(int status, double milliseconds, bool failed, LogEventLevel expected)
    {
        var context = new DefaultHttpContext();
        context.Response.StatusCode = status;

        Assert.Equal(expected, RequestLogLevel.Of(context, milliseconds, failed ? new InvalidOperationException("boom") : null));
    }
}
