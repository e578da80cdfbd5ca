using Microsoft.AspNetCore.OutputCaching;

namespace RtesResources.Web.Features.Caching;

/// <summary>Removes the cached pages a content change affects (see PageCacheInvalidationInterceptor).</summary>
public sealed class PageCacheEvictor(IOutputCacheStore store)
{
    /// <summary>Every cached page carries it.</summary>
    public const string AllPagesTag = "pages";

    /// <summary>Home and catalogue pages: any change to what lists show.</summary>
    public const string ListingsTag = "listings";

    public static string ResourceTag(int resourceId) => $"resource:{resourceId}";

    public async Task EvictAsync(IReadOnlyCollection<int> resourceIds, bool listings, CancellationToken cancellationToken = default)
    {
        foreach (var id in resourceIds)
        {
            await store.EvictByTagAsync(ResourceTag(id), cancellationToken);
        }

        if (listings)
        {
            await store.EvictByTagAsync(ListingsTag, cancellationToken);
        }
    }

    public async Task EvictAllAsync(CancellationToken cancellationToken = default) =>
        await store.EvictByTagAsync(AllPagesTag, cancellationToken);
}
