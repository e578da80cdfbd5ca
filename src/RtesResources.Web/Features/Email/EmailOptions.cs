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
