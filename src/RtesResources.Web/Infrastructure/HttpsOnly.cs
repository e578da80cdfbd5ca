namespace RtesResources.Web.Infrastructure;

/// <summary>
/// Where cookies are <c>Secure</c> and <c>__Host-</c> prefixed (outside Development), a request that
/// arrives as plain http cannot keep a session nor pass antiforgery: it is a reverse proxy that is not
/// listed in <c>ReverseProxy:KnownProxies</c> (its <c>X-Forwarded-Proto</c> ignored), or a visitor
/// reaching the server directly. It gets one clear French answer instead of pages that work until a
/// form fails. Health probes, which load balancers send straight to each instance, still answer.
/// </summary>
public static class HttpsOnly
{
    public const string Message =
        "Ce site ne répond qu'en HTTPS. Administrateur : déclarez le proxy inverse dans ReverseProxy:KnownProxies (docs/operations.md).";

    public static IApplicationBuilder UseHttpsOnly(this IApplicationBuilder app, bool required) =>
        !required ? app : app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/healthz"))
            {
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(Message, context.RequestAborted);
        });
}
