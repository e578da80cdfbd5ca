namespace RtesResources.Web.Features.Search;

/// <summary>
/// Opens (or rebuilds) this process's index once the database is migrated, then applies the change
/// table every PollInterval: changes made by other processes, and any this process could not apply
/// at once. Old change rows are pruned now and then.
/// </summary>
public sealed class SearchIndexWorker(SearchIndex index, SearchWarmUp warmUp, Microsoft.Extensions.Options.IOptions<SearchOptions> options, Infrastructure.BackgroundLeases leases, TimeProvider clock, ILogger<SearchIndexWorker> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    public const string PruneLease = "purge:search-changes";
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host goes on starting (and answers /healthz as not ready) while the index is built.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested && !index.IsReady)
        {
            try
            {
                await index.OpenAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.StartFailed(exception);
                await Task.Delay(RetryAfterFailure, stoppingToken);
            }
        }

        warmUp.Run(stoppingToken);

        // Pruning follows the clock the change rows are dated with; polling stays on real time, so that
        // a test's frozen clock does not stop the index from following changes.
        var lastPrune = DateTimeOffset.MinValue;
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await index.ApplyChangesAsync(stoppingToken) > 0)
                {
                }

                if (clock.GetUtcNow() - lastPrune > PruneEvery)
                {
                    lastPrune = clock.GetUtcNow();
                    // One instance at a time (ADR-022); the others skip this hour's turn.
                    await leases.RunExclusiveAsync(PruneLease, TimeSpan.FromMinutes(5), index.PruneChangesAsync, stoppingToken);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.ApplyFailed(exception);
            }
        }
    }
}
