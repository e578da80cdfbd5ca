namespace RtesResources.Web.Domain;

/// <summary>
/// An e-mail waiting to be sent, kept in the database so that it survives the process that wrote it:
/// any instance's worker claims it until <see cref="ClaimedUntil"/>, sends it and marks it sent; a
/// failed send waits until <see cref="NextAttemptAt"/>; a claim whose instance stopped runs out and
/// another instance takes it over (OutboxMessages).
/// </summary>
public class OutboxMessage
{
    public const int AddressMaxLength = 320;
    public const int SubjectMaxLength = 300;
    public const int ErrorMaxLength = 500;

    public long Id { get; set; }

    public string To { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";

    public DateTime CreatedAt { get; set; }

    /// <summary>Sends tried so far, the current one included.</summary>
    public int Attempts { get; set; }

    /// <summary>Not tried again before then (retries back off).</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The instance sending it (InstanceIdentity), until <see cref="ClaimedUntil"/>.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedUntil { get; set; }

    public DateTime? SentAt { get; set; }

    /// <summary>Given up after the last attempt; kept, like sent messages, until the purge.</summary>
    public DateTime? FailedAt { get; set; }

    /// <summary>Why the last attempt failed (the SMTP server's answer), never the message.</summary>
    public string? LastError { get; set; }
}
