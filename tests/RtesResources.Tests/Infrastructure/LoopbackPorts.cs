using System.Net;
using System.Net.Sockets;

namespace RtesResources.Tests.Infrastructure;

/// <summary>Ports for the servers the tests start (sites, Azurite, Redis) on 127.0.0.1.</summary>
public static class LoopbackPorts
{
    /// <summary>A port no one listens on now: the system picks it, and it is released at once for the caller's server.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
