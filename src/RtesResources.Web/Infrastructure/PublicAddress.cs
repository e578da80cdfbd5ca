using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Email;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The site's public address for absolute links (feeds, sitemap, canonical links, e-mails):
/// Email:PublicBaseUrl when it is set, else the request's own scheme and host (Development). Never a
/// forwarded host: a cached feed must not carry an address a client made up.
/// </summary>
public sealed class PublicAddress(IOptions<EmailOptions> options)
{
    public string BaseUrl(HttpRequest request)
    {
        var configured = options.Value.PublicBaseUrl;
        return !string.IsNullOrWhiteSpace(configured)
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host.Value}{request.PathBase.Value}".TrimEnd('/');
    }

    public string Absolute(HttpRequest request, string path) => BaseUrl(request) + (path.StartsWith('/') ? path : "/" + path);
}
