using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Accounts;

/// <summary>What the confirmation page shows before an account is erased.</summary>
public sealed record ErasurePreview(
    string UserId,
    string Email,
    string? FullName,
    string? CollectivityName,
    IReadOnlyList<string> Roles,
    DateTime CreatedAt,
    DateTime? DeletionRequestedAt,
    int Revisions,
    int AccessRequests);

/// <summary>
/// Erases an account's personal data (right to erasure), from the back-office or the CLI. The person
/// is told by e-mail first (nothing is erased when that fails); then, in one transaction, the
/// account row goes with everything attached to it (roles, claims, external logins, tokens including
/// the two-factor key and recovery codes, invitation and reset links), and so do the access requests
/// made with the address. Revisions the account saved stay, attributed to <see cref="ErasedAuthor"/>
/// with no user id. Nothing refers to the account afterwards: its cookie stops working (the account
/// no longer exists) and its address may be invited again.
/// </summary>
public sealed class AccountErasure(
    AppDbContext db,
    UserManager<AppUser> users,
    AccountEmails emails,
    ILogger<AccountErasure> logger)
{
    public const string ErasedAuthor = "Compte supprimé";

    public async Task<ErasurePreview?> PreviewAsync(string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking().Include(u => u.Collectivity).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var email = user.Email ?? "";
        var userName = user.UserName ?? email;
        return new ErasurePreview(
            user.Id,
            email,
            user.FullName,
            user.Collectivity?.Name,
            [.. await users.GetRolesAsync(user)],
            user.CreatedAt,
            user.DeletionRequestedAt,
            await Revisions(user.Id, email, userName).CountAsync(cancellationToken),
            await AccessRequests(user.Id, email).CountAsync(cancellationToken));
    }

    /// <summary>From the back-office: <paramref name="confirmation"/> must be the account's address, typed again.</summary>
    public async Task<OperationResult> EraseAsync(string userId, string? confirmation, string? erasedByUserId, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return OperationResult.Fail("Ce compte n'existe plus.");
        }

        if (!string.Equals(confirmation?.Trim(), user.Email, StringComparison.OrdinalIgnoreCase))
        {
            return OperationResult.Fail("L'adresse saisie n'est pas celle du compte : rien n'a été effacé.");
        }

        if (user.Id == erasedByUserId)
        {
            return OperationResult.Fail("Vous ne pouvez pas effacer votre propre compte : demandez-le à un·e autre administrateur·rice.");
        }

        return await EraseUserAsync(user, erasedByUserId ?? "back-office", cancellationToken);
    }

    /// <summary>For the CLI (<c>users erase --email …</c>): the operator names the account by its address.</summary>
    public async Task<OperationResult> EraseByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        return user is null
            ? OperationResult.Fail($"Aucun compte pour {email}.")
            : await EraseUserAsync(user, "cli", cancellationToken);
    }

    private async Task<OperationResult> EraseUserAsync(AppUser user, string erasedBy, CancellationToken cancellationToken)
    {
        if (await users.IsInRoleAsync(user, Roles.Admin) && !await OtherActiveAdminExistsAsync(user.Id, cancellationToken))
        {
            return OperationResult.Fail("C'est le dernier compte administrateur actif : nommez d'abord un·e autre administrateur·rice.");
        }

        var email = user.Email ?? "";
        var userName = user.UserName ?? email;
        if (email.Length > 0)
        {
            try
            {
                await emails.SendAccountErasedAsync(email, user.FullName, user.DeletionRequestedAt is not null, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException or FormatException)
            {
                logger.EmailFailed(exception, "account erased");
                return OperationResult.Fail("L'e-mail prévenant la personne n'a pas pu partir : rien n'a été effacé. Réessayez plus tard.");
            }
        }

        var (revisions, requests) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var revisions = await Revisions(user.Id, email, userName)
                .ExecuteUpdateAsync(r => r.SetProperty(x => x.SavedByUserId, (string?)null).SetProperty(x => x.SavedByName, ErasedAuthor), ct);
            var requests = await AccessRequests(user.Id, email).ExecuteDeleteAsync(ct);
            await db.AccountLinks.Where(l => l.UserId == user.Id).ExecuteDeleteAsync(ct);
            // The account row, and with it (cascades) its roles, claims, external logins and tokens.
            var deleted = await users.DeleteAsync(user);
            if (!deleted.Succeeded)
            {
                throw new InvalidOperationException("The account could not be deleted: " + string.Join(" ", deleted.Errors.Select(e => e.Code)));
            }

            await transaction.CommitAsync(ct);
            return (revisions, requests);
        }, cancellationToken);

        logger.AccountErased(user.Id, erasedBy, revisions, requests);
        return OperationResult.Ok($"Compte effacé ; la personne en a été prévenue par e-mail. {revisions} révision(s) attribuée(s) à « {ErasedAuthor} », {requests} demande(s) d'accès supprimée(s).");
    }

    /// <summary>Revisions the account saved: by its id, or by its name when older saves kept only that.</summary>
    internal IQueryable<ResourceRevision> Revisions(string userId, string email, string userName) =>
        db.ResourceRevisions.Where(r => r.SavedByUserId == userId || r.SavedByName == userName || r.SavedByName == email);

    internal IQueryable<AccessRequest> AccessRequests(string userId, string email)
    {
        var upper = email.ToUpperInvariant();
        // Case-insensitive in SQL on both providers: EF Core translates ToUpper(), not string.Equals with a StringComparison.
#pragma warning disable CA1862
        return db.AccessRequests.Where(r => r.UserId == userId || r.Email.ToUpper() == upper);
#pragma warning restore CA1862
    }

    private Task<bool> OtherActiveAdminExistsAsync(string userId, CancellationToken cancellationToken) =>
        db.Users.AnyAsync(
            u => u.Id != userId && u.IsActive && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)),
            cancellationToken);
}
