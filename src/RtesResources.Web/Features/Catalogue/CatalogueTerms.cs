using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Search;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>The kinds, thématiques and collections every catalogue page lists.</summary>
public sealed record CatalogueTermLists(IReadOnlyList<ResourceKind> Kinds, IReadOnlyList<Category> Categories, IReadOnlyList<Series> Series)
{
    private static long s_lastVersion;

    /// <summary>A number of this load only: what is rendered from these lists may be kept under it.</summary>
    public long Version { get; } = Interlocked.Increment(ref s_lastVersion);
}

/// <summary>The term lists every catalogue page reads, kept in memory while the index sees no change.</summary>
public sealed class CatalogueTerms(IServiceScopeFactory scopes, SearchIndex index, TimeProvider clock)
    : IndexFollowingCache<CatalogueTermLists>(scopes, index, clock)
{
    protected override async Task<CatalogueTermLists> LoadAsync(AppDbContext db, DateTime nowUtc, CancellationToken cancellationToken) =>
        new(
            await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken),
            await db.Categories.AsNoTracking().ToListAsync(cancellationToken),
            await db.Series.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken));
}
