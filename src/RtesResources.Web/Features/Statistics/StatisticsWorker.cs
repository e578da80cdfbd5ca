using Microsoft.Extensions.Options;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Statistics;

/// <summary>
/// Writes the buffered counts every <see cref="StatisticsOptions.FlushInterval"/> and once more when
/// the site stops cleanly (after the server has finished its requests), and purges, once a day, the
/// counts kept for a limited time. Every instance writes its own counts, adding to the rows (never
/// overwriting them), so several instances count right without coordination; only the purge takes a
/// lease.
/// </summary>
public sealed partial class StatisticsWorker(UsageWriter writer, Infrastructure.BackgroundLeases leases, TimeProvider clock, IOptions<StatisticsOptions> options, ILogger<StatisticsWorker> logger) : BackgroundService
{
    public const string PurgeLease = "purge:statistics";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? purgedOn = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.FlushInterval, clock, stoppingToken);
                await writer.FlushAsync(stoppingToken);
                var today = clock.Today();
                if (purgedOn != today)
                {
                    // One instance at a time (ADR-022): when another holds the lease, it is purging today.
                    await leases.RunExclusiveAsync(PurgeLease, TimeSpan.FromMinutes(5), writer.PurgeAsync, stoppingToken);
                    purgedOn = today;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The server stopped first (registered last, stopped first): no request adds a count after this.
        await writer.FlushAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Statistics pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
