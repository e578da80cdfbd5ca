using System.Net;
using System.Net.Sockets;

namespace RtesResources.Web.Infrastructure;

/// <summary>Who shares a rate limit: one IPv4 address, or one IPv6 /64 network.</summary>
public static class RateLimitPartitions
{
    /// <summary>
    /// An IPv4 address (also when written as IPv4-mapped IPv6) is its own partition. IPv6 addresses
    /// are grouped by their first 64 bits: a home or a server gets a whole /64 and may use any address
    /// in it, so a limit per address would be no limit. Without an address (TestServer), "unknown".
    /// </summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes) + "/64";
    }
}
