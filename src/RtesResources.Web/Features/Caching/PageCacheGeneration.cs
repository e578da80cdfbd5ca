using Microsoft.AspNetCore.OutputCaching;

namespace RtesResources.Web.Features.Caching;

/// <summary>
/// Counts this instance's evictions, so that a page rendered before an eviction is not stored after
/// it: a search that ran on the index before a change, and finished after the change evicted the
/// listings, would otherwise keep its outdated page for the cache's whole lifetime.
/// </summary>
public sealed class PageCacheGeneration
{
    private const string TagPrefix = "generation:";
    private long _current;

    public long Current => Interlocked.Read(ref _current);

    public void Advance() => Interlocked.Increment(ref _current);

    /// <summary>The tag a request carries from its start: the generation it was rendered in.</summary>
    public string TagForNow() => TagPrefix + Current.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Whether a page with these tags was rendered before the last eviction, and which tags to keep.</summary>
    public (bool Outdated, string[]? Tags) Check(string[]? tags)
    {
        if (tags is null)
        {
            return (false, tags);
        }

        var outdated = false;
        var kept = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            if (tag.StartsWith(TagPrefix, StringComparison.Ordinal))
            {
                outdated |= !long.TryParse(tag.AsSpan(TagPrefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var started) || started != Current;
            }
            else
            {
                kept.Add(tag);
            }
        }

        return (outdated, [.. kept]);
    }
}

/// <summary>Any page store, refusing pages rendered before this instance's last eviction (<see cref="PageCacheGeneration"/>).</summary>
public sealed class GenerationCheckedPageCacheStore(IOutputCacheStore inner, PageCacheGeneration generation) : IOutputCacheStore, IDisposable
{
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        var (outdated, kept) = generation.Check(tags);
        return outdated ? ValueTask.CompletedTask : inner.SetAsync(key, value, kept, validFor, cancellationToken);
    }

    public ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) => inner.EvictByTagAsync(tag, cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
