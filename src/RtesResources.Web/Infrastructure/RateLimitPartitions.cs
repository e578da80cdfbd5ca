using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace RtesResources.Web.Infrastructure;

/// <summary>Who shares a rate limit: one IPv4 address, or one IPv6 /64 network.</summary>
public static class RateLimitPartitions
{
    /// <summary>
    /// So many requests a minute for the client of <paramref name="context"/> under
    /// <paramref name="policy"/>: counted in Redis, across every instance, when Redis is configured;
    /// otherwise in this instance's memory, each instance allowing the whole limit (docs/operations.md).
    /// </summary>
    public static RateLimitPartition<string> PerMinute(HttpContext context, string policy, int perMinute)
    {
        var client = ClientKey(context.Connection.RemoteIpAddress);
        var redis = context.RequestServices.GetService<IConnectionMultiplexer>();
        if (redis is null)
        {
            return RateLimitPartition.GetFixedWindowLimiter(
                client,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
        }

        // The key names the policy: the same address has one count per policy, as in memory.
        var prefix = context.RequestServices.GetRequiredService<IOptions<RedisOptions>>().Value.InstanceName;
        var logger = context.RequestServices.GetRequiredService<ILogger<OpenWhileRedisIsAway>>();
        return RateLimitPartition.Get(
            $"{prefix}limits:{policy}:{client}",
            key => new OpenWhileRedisIsAway(
                new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions { ConnectionMultiplexerFactory = () => redis, PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }),
                logger));
    }

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

/// <summary>
/// A limiter counted in Redis that lets requests through while Redis does not answer: a form or the
/// API must not fail because the shared counter is away (the log says so, and readiness too).
/// </summary>
public sealed class OpenWhileRedisIsAway(RateLimiter inner, ILogger<OpenWhileRedisIsAway> logger) : RateLimiter
{
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        try
        {
            return inner.AttemptAcquire(permitCount);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.RateLimitUncounted(exception);
            return Allowed.Lease;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AcquireAsync(permitCount, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.RateLimitUncounted(exception);
            return Allowed.Lease;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Allowed : RateLimitLease
    {
        public static readonly Allowed Lease = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
