using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Files;

namespace RtesResources.Web.Infrastructure.Health;

/// <summary>Tags and names of the health checks: /healthz/live asks none, /healthz/ready (and /healthz) asks those tagged ready.</summary>
public static class HealthTags
{
    public const string Ready = "ready";
}

/// <summary>Unhealthy while the database lacks a migration this build expects: the instance would fail on the first query that needs it.</summary>
public sealed class MigrationsHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("migrations applied")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, first {pending[0]}");
    }
}

/// <summary>Unhealthy when the attachments' storage cannot be reached (a missing shared volume, an unreachable container).</summary>
public sealed class StorageHealthCheck(IFileStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await store.IsReachableAsync(cancellationToken)
            ? HealthCheckResult.Healthy("storage reachable")
            : HealthCheckResult.Unhealthy("storage unreachable");
}
