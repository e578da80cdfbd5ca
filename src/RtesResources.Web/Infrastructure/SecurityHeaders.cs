namespace RtesResources.Web.Infrastructure;

/// <summary>Headers sent with every response: no inline script, no framing, no sniffing, little referrer.</summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>HttpContext.Items key: origins a page may frame (its video players), added to frame-src for that response only.</summary>
    public const string FrameSourcesItem = "rtes.frame-src";

    /// <summary>HttpContext.Items key: a whole policy replacing the base one for that response only (the API reference page, docs/security.md).</summary>
    public const string PolicyItem = "rtes.csp";

    /// <summary>The policy of a response whose page frames <paramref name="frameSources"/> (none: the base policy).</summary>
    public static string PolicyFor(IEnumerable<string>? frameSources) =>
        frameSources is not null && frameSources.Any()
            ? $"{ContentSecurityPolicy}; frame-src {string.Join(' ', frameSources.Distinct())}"
            : ContentSecurityPolicy;

    private static bool IsOwnPolicy(Microsoft.Extensions.Primitives.StringValues value) =>
        value.Count == 1 && value[0]!.StartsWith(ContentSecurityPolicy, StringComparison.Ordinal);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                // A page replayed by the output cache brings the policy computed when it was rendered
                // (with its players' frame-src); only a policy built here is kept that way.
                headers.ContentSecurityPolicy = context.Items[PolicyItem] is string policy
                    ? policy
                    : context.Items[FrameSourcesItem] is IEnumerable<string> frames
                    ? PolicyFor(frames)
                    : IsOwnPolicy(headers.ContentSecurityPolicy) ? headers.ContentSecurityPolicy.ToString() : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            await next();
        });
}
