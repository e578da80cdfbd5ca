using Microsoft.Extensions.Options;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// How many searches may run their words against the index at once (the expensive part of a new
/// search: 20–80 ms of CPU at 100,000 resources). Others wait their turn without holding a thread.
/// Everything already kept (pages in the page cache, results or matches of a search seen before, the
/// catalogue without words) never waits. On a 2-core machine, a burst of new searches after a
/// newsletter then uses one core, and the other stays free for the pages everyone else asks for.
/// </summary>
public sealed class SearchAdmission(IOptions<SearchOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Limit(options.Value), Limit(options.Value));

    public static int Limit(SearchOptions options) =>
        options.ConcurrentNewSearches > 0 ? options.ConcurrentNewSearches : Math.Max(1, Environment.ProcessorCount - 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Admitted(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Admitted(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
