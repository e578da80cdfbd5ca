using Microsoft.Extensions.Options;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Search.Extraction;

/// <summary>Runs extraction passes while there is work, then waits for the poll interval.</summary>
public sealed class TextExtractionWorker(TextExtractionRunner runner, IOptions<TextExtractionOptions> options, ILogger<TextExtractionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        // Start-up goes on without waiting for the first pass.
        await Task.Yield();
        while (true)
        {
            try
            {
                while (await runner.RunOnceAsync(stoppingToken))
                {
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // A database outage must not end the worker for the life of the process.
                logger.TextExtractionPassFailed(exception);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
