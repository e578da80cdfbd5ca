using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace RtesResources.Tests.Infrastructure;

/// <summary>
/// The test app on real Kestrel at 127.0.0.1 (a free port) instead of the in-memory test server, for
/// what only a real server does: its request body limits, and closing connections.
/// </summary>
public sealed class KestrelSite : RtesWebFactory
{
    public KestrelSite() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    /// <summary>Starts Kestrel; its address.</summary>
    public Uri Start()
    {
        StartServer();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>A client of its own (cookies, no redirects followed) against the started server.</summary>
    public HttpClient NewClient() =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Start(), Timeout = TimeSpan.FromMinutes(1) };
}
