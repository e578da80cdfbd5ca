using RtesResources.Web.Data;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// Lists read from the database and kept in memory, dropped whenever the search index applies a
/// change (every change to a resource, a term or a synonym writes a change row, whichever instance
/// made it), so that pages read them without a query. A short lifetime covers what no change row
/// announces (a scheduled resource's time coming) and a process whose index could not open.
/// </summary>
public abstract class IndexFollowingCache<T>
    where T : class
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private (T Value, DateTimeOffset LoadedAt)? _current;
    private int _version;

    protected IndexFollowingCache(IServiceScopeFactory scopes, SearchIndex index, TimeProvider clock)
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

    public async Task<T> GetAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is { } cached && _clock.GetUtcNow() - cached.LoadedAt < MaxAge)
        {
            return cached.Value;
        }

        var loadedAt = _clock.GetUtcNow();
        var version = Volatile.Read(ref _version);
        await using var scope = _scopes.CreateAsyncScope();
        var value = await LoadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), loadedAt.UtcDateTime, cancellationToken);
        // A change heard while loading may not be in this value: keep it for this request only.
        if (Volatile.Read(ref _version) == version)
        {
            _current = (value, loadedAt);
        }

        return value;
    }

    protected abstract Task<T> LoadAsync(AppDbContext db, DateTime nowUtc, CancellationToken cancellationToken);
}
