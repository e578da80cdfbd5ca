namespace RtesResources.Web.Domain;

public enum AccountLinkPurpose
{
    Invitation,
    PasswordReset,
}

/// <summary>
/// A single-use link sent by e-mail (invitation or password reset). Only the SHA-256 of its random
/// token is stored, so a copy of the database gives no usable link.
/// </summary>
public class AccountLink
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser User { get; set; } = null!;

    public AccountLinkPurpose Purpose { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
