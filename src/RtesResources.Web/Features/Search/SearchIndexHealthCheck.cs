using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RtesResources.Web.Features.Search;

/// <summary>Not ready while the index is being built: a load balancer then sends searches elsewhere.</summary>
public sealed class SearchIndexHealthCheck(SearchIndex index) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(index.IsReady
            ? HealthCheckResult.Healthy("search index ready")
            : HealthCheckResult.Unhealthy("search index being built"));
}
