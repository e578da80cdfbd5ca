using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The "ReverseProxy" configuration section. Behind a proxy that terminates TLS, the site must see
/// the visitor's scheme (for Secure cookies and HSTS) and address (for rate limiting and logs), and
/// take them only from proxies it trusts.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string SectionName = "ReverseProxy";

    /// <summary>Addresses of trusted proxies; loopback is always trusted.</summary>
    public List<string> KnownProxies { get; set; } = [];

    public static void Apply(ForwardedHeadersOptions options, ReverseProxyOptions settings)
    {
        // Never X-Forwarded-Host: the host the app sees (and any link built from it) is the one the
        // visitor's request named, which the proxy's server_name and AllowedHosts restrict; a forwarded
        // host header is one more thing a client could forge (docs/security.md, point 6).
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;
        foreach (var proxy in settings.KnownProxies)
        {
            if (IPAddress.TryParse(proxy, out var address))
            {
                options.KnownProxies.Add(address);
            }
        }
    }
}
