using System.Threading.Channels;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Email;

/// <summary>
/// Work done after the response by a background worker, in a scope of its own: e-mails, and the work
/// that decides whether there is one. Forms whose answer must not reveal whether an account exists
/// (password reset, access request) queue their whole work here, whatever the address: their response
/// does the same work for every address, and neither the database nor SMTP shows in its time.
/// The queue is in memory; the e-mails the work produces are not: they are kept in the database
/// (OutboxMessages) until sent, by this instance or, if it stops, another.
/// </summary>
public sealed class EmailOutbox
{
    private readonly Channel<QueuedWork> _channel = Channel.CreateBounded<QueuedWork>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>The message goes to the database's outbox (OutboxMessages), which sends it and retries.</summary>
    public bool TryQueue(EmailMessage message) =>
        TryQueue(message.Subject, (services, cancellationToken) => services.GetRequiredService<OutboxMessages>().AddAsync(message, cancellationToken));

    /// <param name="description">What the work is, for the log if it fails (never an address).</param>
    /// <param name="work">The work, given the services of its own scope.</param>
    public bool TryQueue(string description, Func<IServiceProvider, CancellationToken, Task> work) =>
        _channel.Writer.TryWrite(new QueuedWork(description, work));

    /// <summary>Work on a service of a fresh scope: <paramref name="work"/> must capture no service of the request.</summary>
    public bool TryQueue<TService>(string description, Func<TService, CancellationToken, Task> work)
        where TService : notnull =>
        TryQueue(description, (services, cancellationToken) => work(services.GetRequiredService<TService>(), cancellationToken));

    public ChannelReader<QueuedWork> Reader => _channel.Reader;
}

public sealed record QueuedWork(string Description, Func<IServiceProvider, CancellationToken, Task> Run);

public sealed class EmailOutboxWorker(EmailOutbox outbox, IServiceScopeFactory scopes, ILogger<EmailOutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var work in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work.Run(scope.ServiceProvider, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.QueuedWorkFailed(exception, work.Description);
            }
        }
    }
}
