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
        var logger = context.RequestServices.GetRequiredService<ILogger<LocalWhileRedisIsAway>>();
        return RateLimitPartition.Get(
            $"{prefix}limits:{policy}:{client}",
            key => new LocalWhileRedisIsAway(
                new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions { ConnectionMultiplexerFactory = () => redis, PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1) }),
                new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }),
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
/// A limiter counted in Redis that counts in this instance's memory while Redis does not answer, as
/// an instance without Redis does: a form or the API neither fails nor goes unlimited because the
/// shared counter is away. The log says so (once a minute at most), and readiness too.
/// </summary>
public sealed class LocalWhileRedisIsAway(RateLimiter shared, RateLimiter local, ILogger<LocalWhileRedisIsAway> logger) : RateLimiter
{
    private static long s_lastLoggedTicks;

    public override TimeSpan? IdleDuration => shared.IdleDuration is { } idle && local.IdleDuration is { } localIdle ? (idle < localIdle ? idle : localIdle) : null;

    public override RateLimiterStatistics? GetStatistics() => shared.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        try
        {
            return shared.AttemptAcquire(permitCount);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogOnceAMinute(exception);
            return local.AttemptAcquire(permitCount);
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await shared.AcquireAsync(permitCount, cancellationToken);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            LogOnceAMinute(exception);
            return await local.AcquireAsync(permitCount, cancellationToken);
        }
    }

    // Every limited request fails over while Redis is away: one line a minute tells as much as thousands.
    private void LogOnceAMinute(Exception exception)
    {
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref s_lastLoggedTicks);
        if ((last == 0 || now - last >= 60_000) && Interlocked.CompareExchange(ref s_lastLoggedTicks, now, last) == last)
        {
            logger.RateLimitCountedLocally(exception);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            shared.Dispose();
            local.Dispose();
        }

        base.Dispose(disposing);
    }
}
