using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The optional Redis server that several instances of the site share (section "Redis"; ADR-022):
/// when it is set, the page cache and the rate limits live there; without it each instance keeps its
/// own and pages are evicted through the database's change table (docs/operations.md).
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string ("redis.internal:6379,password=..."); empty: no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key the site writes, so that one Redis server can serve several sites.</summary>
    public string InstanceName { get; set; } = "rtes:";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Configuration);

    /// <summary>
    /// The client's settings. It never gives up connecting: an instance starts, and keeps running,
    /// while Redis is away (its readiness says so), and reconnects by itself. While it is away, a
    /// command fails at once instead of waiting in the client's backlog until its 5 s timeout: every
    /// page and rate-limited request would otherwise wait that long before going on without Redis.
    /// </summary>
    public ConfigurationOptions ClientOptions()
    {
        var options = ConfigurationOptions.Parse(Configuration ?? "");
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName ??= "rtes-resources";
        return options;
    }

    public static bool IsValidConfiguration(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return true;
        }

        try
        {
            return ConfigurationOptions.Parse(configuration).EndPoints.Count > 0;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

public static class SharedRedis
{
    /// <summary>
    /// Binds the options and, when Redis is configured, registers one client connection for the rate
    /// limits and the health check. Returns the options, which decide how the rest is registered.
    /// </summary>
    public static RedisOptions AddSharedRedis(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Validate(o => RedisOptions.IsValidConfiguration(o.Configuration), "Redis:Configuration doit être une configuration StackExchange.Redis, comme « redis.interne:6379,password=... »")
            .ValidateOnStart();
        var options = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new RedisOptions();
        if (options.IsConfigured && RedisOptions.IsValidConfiguration(options.Configuration))
        {
            // Connected on first use; with AbortOnConnectFail off, it returns at once even while Redis is away.
            services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(sp.GetRequiredService<IOptions<RedisOptions>>().Value.ClientOptions()));
        }

        return options;
    }
}
