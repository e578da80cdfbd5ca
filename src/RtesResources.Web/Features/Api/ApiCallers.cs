namespace RtesResources.Web.Features.Api;

/// <summary>
/// Whether a request's cookie may speak for the caller. The API is open to every origin without
/// credentials (CORS "*"), so a cookie that arrives from another site (a page there calling this API
/// with the visitor's session, or a form) is ignored: the request is answered as an anonymous one.
/// </summary>
public static class ApiCallers
{
    public static bool IsSameOrigin(HttpRequest request, string publicBaseUrl)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            return string.Equals(origin, publicBaseUrl, StringComparison.OrdinalIgnoreCase)
                || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
        }

        // Browsers say where a request comes from even when they send no Origin (a GET, a navigation):
        // "none" is the address bar or a bookmark; only another site's request is refused its cookie.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        return site.Length == 0 || site is "same-origin" or "none";
    }
}
