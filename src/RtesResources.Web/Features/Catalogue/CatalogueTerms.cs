using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Search;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>The kinds, thématiques and collections every catalogue page lists.</summary>
public sealed record CatalogueTermLists(IReadOnlyList<ResourceKind> Kinds, IReadOnlyList<Category> Categories, IReadOnlyList<Series> Series);

/// <summary>
/// The term lists, kept in memory and dropped whenever the search index applies a change (every
/// change to a term writes a change row), so pages read them without a query. A short lifetime
/// covers a process whose index could not open and so hears of no change.
/// </summary>
public sealed class CatalogueTerms
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private (CatalogueTermLists Lists, DateTimeOffset LoadedAt)? _current;
    private int _version;

    public CatalogueTerms(IServiceScopeFactory scopes, SearchIndex index, TimeProvider clock)
    {
        _scopes = scopes;
        _clock = clock;
        index.Changed += _ => Invalidate();
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        _current = null;
    }

    public async Task<CatalogueTermLists> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is { } cached && _clock.GetUtcNow() - cached.LoadedAt < MaxAge)
        {
            return cached.Lists;
        }

        var loadedAt = _clock.GetUtcNow();
        var version = Volatile.Read(ref _version);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var lists = new CatalogueTermLists(
            await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken),
            await db.Categories.AsNoTracking().ToListAsync(cancellationToken),
            await db.Series.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken));
        // A change heard while loading may not be in these lists: keep them for this request only.
        if (Volatile.Read(ref _version) == version)
        {
            _current = (lists, loadedAt);
        }

        return lists;
    }
}
