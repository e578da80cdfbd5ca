using Microsoft.AspNetCore.Identity;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Email;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Accounts;

/// <summary>
/// "Mot de passe oublié", done after the response (queued on <see cref="EmailOutbox"/> for every
/// address): looking the address up, issuing the link and sending it never show in the form's
/// response time, so the form cannot tell whether an account exists.
/// </summary>
public sealed class PasswordResets(UserManager<AppUser> users, AccountLinkService links, AccountEmails emails, OutboxMessages outbox, ILogger<PasswordResets> logger)
{
    public async Task RequestAsync(string email, string? requestBaseUrl, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email);
        var found = user is { IsActive: true, EmailConfirmed: true };
        logger.PasswordResetRequested(found);
        if (!found)
        {
            return;
        }

        var token = await links.CreateAsync(user!, AccountLinkPurpose.PasswordReset, cancellationToken);
        var link = emails.AbsoluteUrl(AccountEmails.ResetPath(token), requestBaseUrl);
        // Kept in the database until sent: it survives this instance stopping, and SMTP being away.
        await outbox.AddAsync(emails.PasswordResetMessage(user!, link), cancellationToken);
    }
}
