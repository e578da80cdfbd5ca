using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Email;

/// <summary>
/// E-mails kept in the database until sent (ADR-022), so that a message written by an instance that
/// then stops is sent all the same. Each is claimed with a conditional UPDATE, so that of two workers
/// racing for it one sends it; a claim lasts <see cref="OutboxOptions.ClaimLease"/>, after which
/// another instance takes it over; a failed send is retried with a growing wait. Sending is
/// at-least-once: only a process that dies between the SMTP server's acceptance and the "sent" mark
/// can make a message go twice.
/// </summary>
public sealed class OutboxMessages(
    IServiceScopeFactory scopes,
    InstanceIdentity instance,
    TimeProvider clock,
    IOptions<EmailOptions> options,
    ILogger<OutboxMessages> logger) : IDisposable
{
    public const string PurgeLease = "purge:outbox";

    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromHours(6);
    private readonly SemaphoreSlim _added = new(0, 1);

    private OutboxOptions Settings => options.Value.Outbox;

    /// <summary>Signalled when this instance adds a message: its worker sends it without waiting for the poll.</summary>
    public Task WaitForNewAsync(TimeSpan timeout, CancellationToken cancellationToken) => _added.WaitAsync(timeout, cancellationToken);

    public async Task<long> AddAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var row = new OutboxMessage { To = message.To, Subject = message.Subject, Body = message.TextBody, CreatedAt = now, NextAttemptAt = now };
        db.OutboxMessages.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            _added.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the worker will find this one too.
        }

        return row.Id;
    }

    /// <summary>Sends one due message if there is one; false when there was none to claim.</summary>
    public async Task<bool> SendOneAsync(CancellationToken cancellationToken = default)
    {
        long? candidate;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = clock.GetUtcNow().UtcDateTime;
            candidate = await Claimable(db.OutboxMessages, now)
                .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
                .Select(m => (long?)m.Id)
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (candidate is not long id || await TryClaimAsync(id, cancellationToken) is not DateTime claimedUntil)
        {
            // Nothing due, or another instance claimed it between the two statements: the caller looks again.
            return candidate is not null;
        }

        await SendClaimedAsync(id, claimedUntil);
        return true;
    }

    /// <summary>Claims one message; the claim's expiry, or null when another instance holds it or it is not due.</summary>
    public async Task<DateTime?> TryClaimAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        DateTime? until = now + Settings.ClaimLease;
        var me = instance.Id;
        var claimed = await Claimable(db.OutboxMessages, now).Where(m => m.Id == id)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.ClaimedBy, me).SetProperty(m => m.ClaimedUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1),
                cancellationToken);
        return claimed == 1 ? until : null;
    }

    /// <summary>Hands back this instance's claims on messages it has not sent (a clean stop).</summary>
    public async Task<int> ReleaseClaimsAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = instance.Id;
        // The attempt did not happen: it is not counted.
        return await db.OutboxMessages.Where(m => m.ClaimedBy == me && m.SentAt == null && m.FailedAt == null)
            .ExecuteUpdateAsync(
                set => set.SetProperty(m => m.ClaimedBy, (string?)null).SetProperty(m => m.ClaimedUntil, (DateTime?)null).SetProperty(m => m.Attempts, m => m.Attempts - 1),
                cancellationToken);
    }

    /// <summary>Deletes sent and given-up messages past the retention.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = clock.GetUtcNow().UtcDateTime - Settings.Retention;
        return await db.OutboxMessages.Where(m => m.SentAt < before || m.FailedAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    public void Dispose() => _added.Dispose();

    private static IQueryable<OutboxMessage> Claimable(IQueryable<OutboxMessage> messages, DateTime now) =>
        messages.Where(m => m.SentAt == null && m.FailedAt == null && m.NextAttemptAt <= now
            && (m.ClaimedUntil == null || m.ClaimedUntil < now));

    private async Task SendClaimedAsync(long id, DateTime claimedUntil)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var me = instance.Id;
        var message = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);

        // Not cancelled by the site stopping: a send under way is finished (a graceful stop), within
        // the claim, so that no other instance starts the same message meanwhile.
        using var withinClaim = new CancellationTokenSource(Settings.ClaimLease / 2);
        try
        {
            await scope.ServiceProvider.GetRequiredService<IEmailSender>()
                .SendAsync(new EmailMessage(message.To, message.Subject, message.Body), withinClaim.Token);
        }
        catch (Exception exception)
        {
            await RecordFailureAsync(db, message, exception);
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.OutboxMessages.Where(m => m.Id == id && m.ClaimedBy == me && m.ClaimedUntil == claimedUntil)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, (string?)null));
    }

    private async Task RecordFailureAsync(AppDbContext db, OutboxMessage message, Exception exception)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var me = instance.Id;
        var error = exception.Message.Length > OutboxMessage.ErrorMaxLength ? exception.Message[..OutboxMessage.ErrorMaxLength] : exception.Message;
        var attempts = message.Attempts;
        if (attempts >= Settings.MaxAttempts)
        {
            logger.OutboxGaveUp(exception, message.Id, attempts);
            await db.OutboxMessages.Where(m => m.Id == message.Id && m.ClaimedBy == me)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(m => m.FailedAt, now)
                    .SetProperty(m => m.ClaimedBy, (string?)null)
                    .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                    .SetProperty(m => m.LastError, error));
            return;
        }

        var delay = Settings.FirstRetryDelay * Math.Pow(2, Math.Max(0, attempts - 1));
        var next = now + (delay < LongestRetryDelay ? delay : LongestRetryDelay);
        logger.OutboxSendFailed(exception, message.Id, attempts, Settings.MaxAttempts, next);
        await db.OutboxMessages.Where(m => m.Id == message.Id && m.ClaimedBy == me)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.ClaimedBy, (string?)null)
                .SetProperty(m => m.ClaimedUntil, (DateTime?)null)
                .SetProperty(m => m.LastError, error));
    }
}

/// <summary>
/// Sends the outbox's messages: its own instance's at once, others' (retries, messages an instance
/// left behind when it stopped) at each poll; purges old ones, one instance at a time, hourly.
/// </summary>
public sealed class OutboxSender(OutboxMessages outbox, BackgroundLeases leases, IOptions<EmailOptions> options, ILogger<OutboxSender> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits too: start-up (and a test counting SQL commands) is not slowed by it.
        var lastPurge = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.WaitForNewAsync(options.Value.Outbox.PollInterval, stoppingToken);
                while (!stoppingToken.IsCancellationRequested && await outbox.SendOneAsync(stoppingToken))
                {
                }

                if (DateTime.UtcNow - lastPurge > PurgeEvery)
                {
                    await leases.RunExclusiveAsync(OutboxMessages.PurgeLease, TimeSpan.FromMinutes(5), outbox.PurgeAsync, stoppingToken);
                    lastPurge = DateTime.UtcNow;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The database is away: try again at the next poll rather than end the worker.
                logger.OutboxPassFailed(exception);
            }
        }
    }
}
