using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Email;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Search.Extraction;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Tests.Operations;

/// <summary>
/// Background work that several instances share through the database (ADR-022): e-mails kept in the
/// outbox until sent, claimed so that two workers never send one twice, taken over after a stopped
/// instance's claim runs out, retried when SMTP fails; leases for the work one instance does at a
/// time; and what a clean stop hands back.
/// </summary>
public sealed class BackgroundWorkTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly OutboxOptions Outbox = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    [Fact]
    public async Task TwoWorkersOnOneDatabaseNeverSendAMessageTwice()
    {
        var first = Own(new RtesWebFactory { SeedDemoData = false });
        var second = Own(new RtesWebFactory { SeedDemoData = false, DatabasePath = first.DatabasePath });
        second.CreateClient().Dispose();
        await AddMessagesAsync(first, 40);

        // Each instance sends as fast as it can claims, on its own connections, both at once.
        static async Task<int> DrainAsync(RtesWebFactory site)
        {
            var outbox = site.Services.GetRequiredService<OutboxMessages>();
            var passes = 0;
            while (await Task.Run(() => outbox.SendOneAsync()))
            {
                passes++;
            }

            return passes;
        }

        await Task.WhenAll(DrainAsync(first), DrainAsync(second));

        var received = first.Smtp.ReceivedEmail.Concat(second.Smtp.ReceivedEmail).Select(m => m.Subject).ToList();
        Assert.Equal(40, received.Count);
        Assert.Equal(40, received.Distinct().Count());
        var rows = await first.WithDbAsync(db => db.OutboxMessages.AsNoTracking().ToListAsync());
        Assert.All(rows, m => Assert.Equal((1, true, (string?)null), (m.Attempts, m.SentAt is not null, m.ClaimedBy)));
    }

    [Fact]
    public async Task AClaimLeftByAStoppedInstanceIsTakenOverAfterItsLease()
    {
        var clock = new FakeTimeProvider(Start);
        var site = Own(new RtesWebFactory { SeedDemoData = false, Clock = clock });
        var outbox = site.Services.GetRequiredService<OutboxMessages>();
        await AddMessagesAsync(site, 1);
        // Claimed by an instance that then stopped without sending it.
        await site.WithDbAsync(db => db.OutboxMessages.ExecuteUpdateAsync(set => set
            .SetProperty(m => m.ClaimedBy, "instance-arretee")
            .SetProperty(m => m.ClaimedUntil, Start.UtcDateTime + Outbox.ClaimLease)
            .SetProperty(m => m.Attempts, 1)));

        Assert.False(await outbox.SendOneAsync());
        clock.Advance(Outbox.ClaimLease - TimeSpan.FromSeconds(1));
        Assert.False(await outbox.SendOneAsync());
        Assert.Empty(site.Smtp.ReceivedEmail);

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await outbox.SendOneAsync());

        Assert.Single(site.Smtp.ReceivedEmail);
        var row = await site.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal((2, (string?)null), (row.Attempts, row.ClaimedBy));
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task AFailingSmtpServerKeepsTheMessageForARetry()
    {
        var clock = new FakeTimeProvider(Start);
        var site = Own(new RtesWebFactory { SeedDemoData = false, Clock = clock });
        var outbox = site.Services.GetRequiredService<OutboxMessages>();
        var port = site.Smtp.Configuration.Port;
        site.Smtp.Stop();
        await AddMessagesAsync(site, 1);

        Assert.True(await outbox.SendOneAsync());
        var failed = await site.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal((1, (DateTime?)null, (DateTime?)null, (string?)null), (failed.Attempts, failed.SentAt, failed.FailedAt, failed.ClaimedBy));
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        Assert.Equal(Start.UtcDateTime + Outbox.FirstRetryDelay, failed.NextAttemptAt);

        // Not before its time.
        using var smtp = SimpleSmtpServer.Start(port);
        Assert.False(await outbox.SendOneAsync());
        clock.Advance(Outbox.FirstRetryDelay);
        Assert.True(await outbox.SendOneAsync());

        Assert.Equal("Message 0", smtp.ReceivedEmail.Single().Subject);
        var sent = await site.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal((2, (string?)null), (sent.Attempts, sent.LastError));
        Assert.NotNull(sent.SentAt);
    }

    [Fact]
    public async Task APasswordResetEmailGoesThroughTheOutboxAndSentMessagesArePurged()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var site = Own(new RtesWebFactory { SeedDemoData = false, Clock = clock });
        await site.AddUserAsync("editrice@rtes.fr", RtesResources.Web.Authorization.Roles.Editor);
        using var client = site.CreateClient();

        using var response = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "editrice@rtes.fr" });
        await site.WaitForNewMessageAsync("editrice@rtes.fr", Accounts.ResetSubject, new HashSet<string>());
        var row = await Eventually.ValueAsync(() => site.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync()), m => m.SentAt is not null, TimeSpan.FromSeconds(10));
        Assert.Equal(("editrice@rtes.fr", Accounts.ResetSubject), (row.To, row.Subject));

        var outbox = site.Services.GetRequiredService<OutboxMessages>();
        clock.Advance(Outbox.Retention - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await outbox.PurgeAsync());
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await outbox.PurgeAsync());
    }

    [Fact]
    public async Task ALeaseIsOneInstancesUntilItExpiresOrItsInstanceStops()
    {
        var clock = new FakeTimeProvider(Start);
        var first = Own(new RtesWebFactory { SeedDemoData = false, Clock = clock });
        var second = Own(new RtesWebFactory { SeedDemoData = false, Clock = clock, DatabasePath = first.DatabasePath });
        var onFirst = first.Services.GetRequiredService<BackgroundLeases>();
        var onSecond = second.Services.GetRequiredService<BackgroundLeases>();
        var lease = TimeSpan.FromMinutes(5);

        Assert.True(await onFirst.TryAcquireAsync("purge:essai", lease));
        Assert.False(await onSecond.TryAcquireAsync("purge:essai", lease));
        Assert.True(await onFirst.TryAcquireAsync("purge:essai", lease));

        // Its instance stopped without a word: the lease runs out, then the other takes it.
        clock.Advance(lease + TimeSpan.FromSeconds(1));
        Assert.True(await onSecond.TryAcquireAsync("purge:essai", lease));
        Assert.False(await onFirst.RenewAsync("purge:essai", lease));

        // A clean stop hands it back at once.
        Assert.True(await onSecond.TryAcquireAsync("purge:autre", TimeSpan.FromHours(1)));
        Assert.False(await onFirst.TryAcquireAsync("purge:autre", TimeSpan.FromHours(1)));
        second.Dispose();
        Assert.True(await onFirst.TryAcquireAsync("purge:autre", TimeSpan.FromHours(1)));
        Assert.True(await onFirst.TryAcquireAsync("purge:essai", lease));
    }

    [Fact]
    public async Task ExclusiveWorkRunsOnOneInstanceAtATime()
    {
        var first = Own(new RtesWebFactory { SeedDemoData = false });
        var second = Own(new RtesWebFactory { SeedDemoData = false, DatabasePath = first.DatabasePath });
        var started = new TaskCompletionSource();
        var finish = new TaskCompletionSource();

        var running = first.Services.GetRequiredService<BackgroundLeases>().RunExclusiveAsync("purge:essai", TimeSpan.FromMinutes(5), async _ =>
        {
            started.SetResult();
            await finish.Task;
        });
        await started.Task;
        var ranOnSecond = false;
        Assert.False(await second.Services.GetRequiredService<BackgroundLeases>().RunExclusiveAsync("purge:essai", TimeSpan.FromMinutes(5), _ => { ranOnSecond = true; return Task.CompletedTask; }));
        finish.SetResult();
        Assert.True(await running);

        Assert.False(ranOnSecond);
        Assert.True(await second.Services.GetRequiredService<BackgroundLeases>().RunExclusiveAsync("purge:essai", TimeSpan.FromMinutes(5), _ => { ranOnSecond = true; return Task.CompletedTask; }));
        Assert.True(ranOnSecond);
    }

    [Fact]
    public async Task AStoppingInstanceHandsBackItsEmailClaims()
    {
        var first = Own(new RtesWebFactory { SeedDemoData = false });
        var second = Own(new RtesWebFactory { SeedDemoData = false, DatabasePath = first.DatabasePath });
        second.CreateClient().Dispose();
        await AddMessagesAsync(first, 1);
        var id = await first.WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).SingleAsync());
        Assert.NotNull(await second.Services.GetRequiredService<OutboxMessages>().TryClaimAsync(id));
        Assert.False(await first.Services.GetRequiredService<OutboxMessages>().SendOneAsync());

        // The second stops cleanly (the database is the first's, which goes on).
        second.Dispose();

        Assert.True(await first.Services.GetRequiredService<OutboxMessages>().SendOneAsync());
        Assert.Single(first.Smtp.ReceivedEmail);
        var row = await first.WithDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync());
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task AStoppingInstanceHandsBackTheFileItWasReading()
    {
        var reading = new TaskCompletionSource();
        var site = Own(new RtesWebFactory());
        site.CreateClient().Dispose();
        // Another instance on the same database (its own index folder), whose files never finish reading.
        var blocked = Own(Own(new RtesWebFactory { SeedDemoData = false, DatabasePath = site.DatabasePath }).WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var store = services.Single(d => d.ServiceType == typeof(IFileStore));
            services.RemoveAll<IFileStore>();
            services.AddSingleton<IFileStore>(sp => new NeverEndingFiles(
                (IFileStore)(store.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, store.ImplementationType!)),
                reading));
        })));
        using var stopping = new CancellationTokenSource();

        var pass = blocked.Services.GetRequiredService<TextExtractionRunner>().RunOnceAsync(stopping.Token);
        await reading.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await site.WithDbAsync(db => db.Attachments.CountAsync(a => a.TextClaimedUntil != null)));
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);

        var claims = await site.WithDbAsync(db => db.Attachments.Select(a => new { a.TextClaimedUntil, a.TextAttempts, a.TextState }).ToListAsync());
        Assert.All(claims, c => Assert.Equal(((DateTime?)null, 0, TextExtractionState.Pending), (c.TextClaimedUntil, c.TextAttempts, c.TextState)));
        // Another instance takes it at once, without waiting for a claim to run out.
        Assert.True(await site.Services.GetRequiredService<TextExtractionRunner>().RunOnceAsync());
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>Rows as the outbox writes them, without waking any worker: the test runs the passes.</summary>
    private static Task AddMessagesAsync(RtesWebFactory site, int count) => site.WithDbAsync(async db =>
    {
        var now = site.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        for (var i = 0; i < count; i++)
        {
            db.OutboxMessages.Add(new OutboxMessage { To = $"personne{i}@exemple.fr", Subject = $"Message {i}", Body = "Bonjour", CreatedAt = now, NextAttemptAt = now });
        }

        await db.SaveChangesAsync();
    });

    /// <summary>Files whose reading never ends until it is cancelled, as a long extraction when the site stops.</summary>
    private sealed class NeverEndingFiles(IFileStore inner, TaskCompletionSource reading) : IFileStore
    {
        public Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default) => inner.SaveAsync(content, cancellationToken);

        public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default) => Task.FromResult<Stream?>(new NeverEndingStream(reading));

        public Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default) => inner.DeleteAsync(storageKey, cancellationToken);

        public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => inner.IsReachableAsync(cancellationToken);
    }

    private sealed class NeverEndingStream(TaskCompletionSource reading) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            reading.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
