using RtesResources.Web.Features.Caching;

namespace RtesResources.Tests.Web;

/// <summary>
/// A page rendered while an eviction happens is not stored after it: a search that ran on the index
/// before a change and finished after the change evicted the listings kept its outdated page.
/// </summary>
public sealed class PageCacheGenerationTests
{
    [Fact]
    public async Task APageRenderedBeforeAnEvictionIsNotStoredAfterIt()
    {
        var generation = new PageCacheGeneration();
        using var store = new GenerationCheckedPageCacheStore(new PageCacheStore(TimeProvider.System), generation);

        var startedBefore = generation.TagForNow();
        generation.Advance();
        await store.SetAsync("/ressources?q=old", [1], [PageCacheEvictor.ListingsTag, startedBefore], TimeSpan.FromMinutes(5), default);
        Assert.Null(await store.GetAsync("/ressources?q=old", default));

        await store.SetAsync("/ressources?q=new", [2], [PageCacheEvictor.ListingsTag, generation.TagForNow()], TimeSpan.FromMinutes(5), default);
        Assert.Equal([2], await store.GetAsync("/ressources?q=new", default));

        // The page keeps its other tags, and an eviction still reaches it.
        await store.EvictByTagAsync(PageCacheEvictor.ListingsTag, default);
        Assert.Null(await store.GetAsync("/ressources?q=new", default));
    }
}
