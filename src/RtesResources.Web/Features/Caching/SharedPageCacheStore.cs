using Microsoft.AspNetCore.OutputCaching;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Caching;

/// <summary>
/// The page cache kept in Redis, shared by every instance (ADR-022): a page one instance stores is
/// served by the others, and a tag one evicts is gone for all at once. Redis being away must not
/// take the pages down with it: a read or a write that fails is a miss, and the page is rendered.
/// </summary>
public sealed class SharedPageCacheStore(IOutputCacheStore redis, ILogger<SharedPageCacheStore> logger) : IOutputCacheStore, IDisposable
{
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await redis.GetAsync(key, cancellationToken);
        }
        catch (Exception exception) when (IsRedisFailure(exception, cancellationToken))
        {
            logger.PageCacheUnavailable(exception);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            await redis.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception exception) when (IsRedisFailure(exception, cancellationToken))
        {
            logger.PageCacheUnavailable(exception);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await redis.EvictByTagAsync(tag, cancellationToken);
        }
        catch (Exception exception) when (IsRedisFailure(exception, cancellationToken))
        {
            // The save that asked for it has succeeded: failing it now would tell the editor otherwise.
            // The pages go when their lifetime ends (PageCache:Minutes).
            logger.PageCacheEvictionFailed(exception, tag);
        }
    }

    public void Dispose() => (redis as IDisposable)?.Dispose();

    private static bool IsRedisFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);
}

public static class PageCacheStores
{
    /// <summary>
    /// The output cache's store: Redis, shared, when it is configured; otherwise this instance's
    /// memory (PageCacheStore), its pages evicted from the change table for other instances' edits.
    /// </summary>
    public static void AddPageCacheStore(this IServiceCollection services, RedisOptions redis)
    {
        services.AddSingleton<PageCacheGeneration>();
        if (!redis.IsConfigured)
        {
            services.AddSingleton<IOutputCacheStore>(sp => new GenerationCheckedPageCacheStore(
                ActivatorUtilities.CreateInstance<PageCacheStore>(sp),
                sp.GetRequiredService<PageCacheGeneration>()));
            return;
        }

        services.AddStackExchangeRedisOutputCache(options =>
        {
            options.ConfigurationOptions = redis.ClientOptions();
            options.InstanceName = redis.InstanceName + "pages:";
        });

        // The package's store is internal: taken from its registration and wrapped.
        var registered = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        var storeType = registered.ImplementationType ?? throw new InvalidOperationException("The Redis output cache store is registered without its type.");
        services.Remove(registered);
        services.AddSingleton<IOutputCacheStore>(sp => new GenerationCheckedPageCacheStore(
            new SharedPageCacheStore(
                (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, storeType),
                sp.GetRequiredService<ILogger<SharedPageCacheStore>>()),
            sp.GetRequiredService<PageCacheGeneration>()));
    }
}
