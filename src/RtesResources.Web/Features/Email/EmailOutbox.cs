using System.Threading.Channels;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Email;

/// <summary>
/// Messages sent after the response, by a background worker. Forms whose answer must not reveal
/// whether an account exists (password reset) queue here, so that an SMTP round trip never shows in
/// their response time.
/// </summary>
public sealed class EmailOutbox
{
    private readonly Channel<EmailMessage> _channel = Channel.CreateBounded<EmailMessage>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool TryQueue(EmailMessage message) => _channel.Writer.TryWrite(message);

    public ChannelReader<EmailMessage> Reader => _channel.Reader;
}

public sealed class EmailOutboxWorker(EmailOutbox outbox, IServiceScopeFactory scopes, ILogger<EmailOutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(message, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.EmailFailed(exception, message.Subject);
            }
        }
    }
}
