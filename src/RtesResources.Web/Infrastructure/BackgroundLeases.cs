using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Infrastructure;

/// <summary>This process among the site's instances: what its leases and claims in the database are held by.</summary>
public sealed class InstanceIdentity
{
    /// <summary>Machine, process and a random part: two hosts in one process (tests) are two instances.</summary>
    public string Id { get; } = Describe($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}");

    private static string Describe(string id) => id.Length > BackgroundLease.HolderMaxLength ? id[^BackgroundLease.HolderMaxLength..] : id;
}

/// <summary>
/// Leases in the database (ADR-022) for the background work that one instance does at a time. Taking
/// one is a conditional UPDATE (free, expired, or already ours) or, for a name never used, an INSERT
/// that the primary key lets only one instance win; no server besides the database is needed, and a
/// stopped instance's lease simply runs out.
/// </summary>
public sealed class BackgroundLeases(IServiceScopeFactory scopes, InstanceIdentity instance, TimeProvider clock, ILogger<BackgroundLeases> logger)
{
    public async Task<bool> TryAcquireAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var me = instance.Id;
        var taken = await db.BackgroundLeases
            .Where(l => l.Name == name && (l.Holder == me || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, me).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.BackgroundLeases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        db.BackgroundLeases.Add(new BackgroundLease { Name = name, Holder = me, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance inserted it first.
            return false;
        }
    }

    /// <summary>Extends a lease this instance holds; false when it was lost (expired and taken).</summary>
    public async Task<bool> RenewAsync(string name, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var until = clock.GetUtcNow().UtcDateTime + duration;
        var me = instance.Id;
        return await db.BackgroundLeases.Where(l => l.Name == name && l.Holder == me)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
    }

    public async Task ReleaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = instance.Id;
        await db.BackgroundLeases.Where(l => l.Name == name && l.Holder == me).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Every lease this instance holds (a clean stop): the others may take them at once.</summary>
    public async Task<int> ReleaseAllAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = instance.Id;
        return await db.BackgroundLeases.Where(l => l.Holder == me).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> if no other instance is running it, renewing the lease while it
    /// runs (every third of <paramref name="duration"/>) and releasing it after. If the lease is lost
    /// meanwhile (the database was away longer than the lease), the work is cancelled.
    /// </summary>
    /// <returns>False when another instance holds the lease: the work did not run here.</returns>
    public async Task<bool> RunExclusiveAsync(string name, TimeSpan duration, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        if (!await TryAcquireAsync(name, duration, cancellationToken))
        {
            return false;
        }

        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var done = new CancellationTokenSource();
        var renewal = RenewWhileRunningAsync(name, duration, held, done.Token);
        try
        {
            await work(held.Token);
        }
        finally
        {
            await done.CancelAsync();
            await renewal;
            await ReleaseAsync(name, CancellationToken.None);
        }

        return true;
    }

    private async Task RenewWhileRunningAsync(string name, TimeSpan duration, CancellationTokenSource held, CancellationToken done)
    {
        using var timer = new PeriodicTimer(duration / 3, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                if (!await RenewAsync(name, duration, done))
                {
                    logger.LeaseLost(name);
                    await held.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Hands back, when the site stops cleanly, the work this instance holds in the database: its leases
/// and its e-mail claims. Registered before the workers, it stops after them (hosted services stop in
/// reverse order), once they have finished what they were doing.
/// </summary>
public sealed class BackgroundWorkRelease(BackgroundLeases leases, Features.Email.OutboxMessages outbox, ILogger<BackgroundWorkRelease> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await leases.ReleaseAllAsync(cancellationToken);
            await outbox.ReleaseClaimsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The database is away: the leases and claims run out by themselves.
            logger.BackgroundWorkNotReleased(exception);
        }
    }
}
