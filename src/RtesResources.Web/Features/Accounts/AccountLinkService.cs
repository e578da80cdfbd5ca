using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Accounts;

public enum LinkOutcome
{
    Done,
    InvalidLink,
    InvalidPassword,
}

public sealed record LinkResult(LinkOutcome Outcome, IReadOnlyList<string> Errors, AppUser? User = null);

/// <summary>
/// Single-use links for invitations and password resets: a random 256-bit token goes into the
/// e-mail, only its SHA-256 is stored. A link works once, until it expires, for an active account;
/// choosing a password through it revokes every other open link of the same kind.
/// </summary>
public sealed class AccountLinkService(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, IOptions<AccountOptions> options)
{
    public async Task<string> CreateAsync(AppUser user, AccountLinkPurpose purpose, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        await RevokeOpenLinksAsync(user.Id, purpose, now, cancellationToken);

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var lifetime = purpose == AccountLinkPurpose.Invitation ? options.Value.InvitationLifetime : options.Value.PasswordResetLifetime;
        db.AccountLinks.Add(new AccountLink
        {
            UserId = user.Id,
            Purpose = purpose,
            TokenHash = Hash(token),
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>The account of a link that can still be used, or null.</summary>
    public async Task<AppUser?> FindUsableAsync(string? token, AccountLinkPurpose purpose, CancellationToken cancellationToken = default)
    {
        var link = await FindLinkAsync(token, purpose, cancellationToken);
        return link?.User;
    }

    /// <summary>Sets the password chosen through the link, then spends the link.</summary>
    public async Task<LinkResult> SetPasswordAsync(string? token, AccountLinkPurpose purpose, string password, CancellationToken cancellationToken = default)
    {
        var link = await FindLinkAsync(token, purpose, cancellationToken);
        if (link is null)
        {
            return new LinkResult(LinkOutcome.InvalidLink, ["Ce lien n'est pas ou plus valide : il a déjà servi, a expiré ou a été remplacé par un lien plus récent."]);
        }

        var user = link.User;
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            if (!check.Succeeded)
            {
                return new LinkResult(LinkOutcome.InvalidPassword, check.Errors.Select(e => e.Description).Distinct().ToList());
            }
        }

        // SQL Server's retrying strategy refuses a transaction it does not run: spending the link and
        // setting the password are one unit it can replay.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            link.UsedAt = clock.UtcNow();
            await RevokeAllAsync(user.Id, ct);

            user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            user.EmailConfirmed = true;
            await users.UpdateSecurityStampAsync(user);
            await users.ResetAccessFailedCountAsync(user);
            await users.SetLockoutEndDateAsync(user, null);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        return new LinkResult(LinkOutcome.Done, [], user);
    }

    /// <summary>Spends every open link of the account: once a password is set, by whatever route, no older e-mail can change it.</summary>
    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        var now = clock.UtcNow();
        var open = await db.AccountLinks.Where(l => l.UserId == userId && l.UsedAt == null).ToListAsync(cancellationToken);
        foreach (var link in open)
        {
            link.UsedAt = now;
        }
    }

    /// <summary>Spends every open link of the account and saves (a password changed from "Mon espace").</summary>
    public async Task SpendAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        await RevokeAllAsync(userId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<AccountLink?> FindLinkAsync(string? token, AccountLinkPurpose purpose, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token);
        var now = clock.UtcNow();
        return await db.AccountLinks
            .Include(l => l.User)
            .Where(l => l.TokenHash == hash && l.Purpose == purpose && l.UsedAt == null && l.ExpiresAt > now && l.User.IsActive)
            .SingleOrDefaultAsync(cancellationToken);
    }

    private async Task RevokeOpenLinksAsync(string userId, AccountLinkPurpose purpose, DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.AccountLinks.Where(l => l.UserId == userId && l.Purpose == purpose && l.UsedAt == null).ToListAsync(cancellationToken);
        foreach (var link in open)
        {
            link.UsedAt = now;
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
