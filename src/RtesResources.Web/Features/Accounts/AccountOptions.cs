namespace RtesResources.Web.Features.Accounts;

/// <summary>The "Accounts" configuration section.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromHours(72);
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>POSTs allowed per client IP and minute on the login, reset, activation and request forms.</summary>
    public int FormPostsPerMinute { get; set; } = 10;

    /// <summary>Where people whose collectivity is not a member learn how to join.</summary>
    public string JoinUrl { get; set; } = "https://www.rtes.fr/";
}
