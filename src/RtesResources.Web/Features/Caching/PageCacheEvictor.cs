using Microsoft.AspNetCore.OutputCaching;

namespace RtesResources.Web.Features.Caching;

/// <summary>
/// Removes the cached pages a content change affects (see PageCacheInvalidationInterceptor). It also
/// listens to the search index: pages are rendered from it, so a page cached between a save and the
/// index taking it in would be stale; and the index hears of other instances' changes, whose pages
/// this instance's cache must drop too.
/// </summary>
public sealed class PageCacheEvictor
{
    private readonly IOutputCacheStore _store;
    private readonly PageCacheGeneration _generation;

    public PageCacheEvictor(IOutputCacheStore store, PageCacheGeneration generation, Search.SearchIndex index)
    {
        _store = store;
        _generation = generation;
        // The event is synchronous. In memory eviction completes at once; on Redis (shared, ADR-022) it
        // is a round trip, and another instance's edit has already been evicted there by that instance.
        index.Changed += ids => (ids is null ? EvictAllAsync() : EvictAsync(ids, listings: true)).GetAwaiter().GetResult();
    }

    /// <summary>Every cached page carries it.</summary>
    public const string AllPagesTag = "pages";

    /// <summary>Home and catalogue pages: any change to what lists show.</summary>
    public const string ListingsTag = "listings";

    public static string ResourceTag(int resourceId) => $"resource:{resourceId}";

    public async Task EvictAsync(IReadOnlyCollection<int> resourceIds, bool listings, CancellationToken cancellationToken = default)
    {
        // Before evicting: a page being rendered now is not stored afterwards.
        _generation.Advance();
        foreach (var id in resourceIds)
        {
            await _store.EvictByTagAsync(ResourceTag(id), cancellationToken);
        }

        if (listings)
        {
            await _store.EvictByTagAsync(ListingsTag, cancellationToken);
        }
    }

    public async Task EvictAllAsync(CancellationToken cancellationToken = default)
    {
        _generation.Advance();
        await _store.EvictByTagAsync(AllPagesTag, cancellationToken);
    }
}
