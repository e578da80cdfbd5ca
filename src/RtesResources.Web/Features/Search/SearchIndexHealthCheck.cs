using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// Not ready while the index is being built or warmed up: a load balancer then sends searches
/// elsewhere (or waits), rather than to a process whose first searches are slow.
/// </summary>
public sealed class SearchIndexHealthCheck(SearchIndex index, SearchWarmUp warmUp) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!index.IsReady ? HealthCheckResult.Unhealthy("search index being built")
            : !warmUp.IsDone ? HealthCheckResult.Unhealthy("search warming up")
            : HealthCheckResult.Healthy("search index ready"));
}
