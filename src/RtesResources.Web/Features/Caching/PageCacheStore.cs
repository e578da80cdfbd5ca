using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;

namespace RtesResources.Web.Features.Caching;

/// <summary>
/// The output cache's store: entries in a size-bounded memory cache whose clock is the app's
/// TimeProvider (the framework's own store runs on the wall clock and cannot be given one), so that
/// a page stored until a scheduled publication ends at that time as the rest of the app sees it.
/// </summary>
public sealed class PageCacheStore : IOutputCacheStore, IDisposable
{
    /// <summary>Bytes of pages kept at most (the framework's default is 100 MB; our pages are small).</summary>
    public const long SizeLimit = 64L * 1024 * 1024;

    private readonly MemoryCache _cache;
    private readonly Dictionary<string, HashSet<string>> _keysByTag = new(StringComparer.Ordinal);
    private readonly Lock _tagsLock = new();

    public PageCacheStore(TimeProvider clock)
    {
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = SizeLimit, Clock = new TimeProviderClock(clock) });
    }

    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_cache.Get<byte[]>(key));

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var options = new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = validFor, Size = value.Length + key.Length };
        options.RegisterPostEvictionCallback(static (key, value, _, state) => ((PageCacheStore)state!).ForgetTags((string)key, value), this);

        // Under the lock with ForgetTags: the late eviction callback of an older entry of the same
        // key must not untag the newer one.
        lock (_tagsLock)
        {
            foreach (var tag in tags ?? [])
            {
                if (!_keysByTag.TryGetValue(tag, out var keys))
                {
                    _keysByTag[tag] = keys = new HashSet<string>(StringComparer.Ordinal);
                }

                keys.Add(key);
            }

            _cache.Set(key, value, options);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        string[] keys;
        lock (_tagsLock)
        {
            keys = _keysByTag.TryGetValue(tag, out var tagged) ? [.. tagged] : [];
        }

        foreach (var key in keys)
        {
            _cache.Remove(key);
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();

    private void ForgetTags(string key, object? evicted)
    {
        lock (_tagsLock)
        {
            if (_cache.TryGetValue(key, out var current) && !ReferenceEquals(current, evicted))
            {
                return;
            }

            List<string>? empty = null;
            foreach (var (tag, keys) in _keysByTag)
            {
                if (keys.Remove(key) && keys.Count == 0)
                {
                    (empty ??= []).Add(tag);
                }
            }

            foreach (var tag in empty ?? [])
            {
                _keysByTag.Remove(tag);
            }
        }
    }

    /// <summary>The memory cache's clock, read from the app's TimeProvider.</summary>
    private sealed class TimeProviderClock(TimeProvider clock) : ISystemClock
    {
        public DateTimeOffset UtcNow => clock.GetUtcNow();
    }
}
