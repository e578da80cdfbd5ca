namespace RtesResources.Web.Features.Email;

public enum EmailDelivery
{
    /// <summary>Write each message as an .eml file into PickupFolder (Development).</summary>
    Pickup,

    /// <summary>Send through the SMTP server of the Smtp section (production).</summary>
    Smtp,
}

/// <summary>The "Email" configuration section.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Pickup;
    public string FromAddress { get; set; } = "ne-pas-repondre@rtes.fr";
    public string FromName { get; set; } = "Centre de ressources du RTES";

    /// <summary>Relative paths are under the content root.</summary>
    public string PickupFolder { get; set; } = "App_Data/mail";

    /// <summary>
    /// The site's public address, used to build the links that e-mails carry. Required outside
    /// Development, where links are never built from the request's host (docs/security.md).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    public static bool IsPublicBaseUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && !string.IsNullOrEmpty(uri.Host);

    public SmtpOptions Smtp { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();
}

/// <summary>The e-mails kept in the database until sent (section "Email:Outbox"; OutboxMessages).</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// How often each instance looks for messages to send besides its own (retries, or another
    /// instance's left behind when it stopped); its own are sent at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a claim on a message lasts: longer than a send may take (MailKit's timeout is 2 minutes).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure, doubled after each (at most 6 hours).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sent (and given up) messages are deleted after this: they carry personal data and links.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(3);
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 587;

    /// <summary>Auto (STARTTLS when offered), StartTls, SslOnConnect or None (a local relay only).</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }
    public string? Password { get; set; }
}
