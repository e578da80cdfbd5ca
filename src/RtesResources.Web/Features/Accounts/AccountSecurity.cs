using Microsoft.AspNetCore.Identity;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Accounts;

public enum ConfirmOutcome
{
    Confirmed,
    Wrong,
    LockedOut,
}

/// <summary>
/// What a signed-in person does to their own account that needs proof that it is them (a session
/// left open, a stolen cookie): the password or a two-factor code is checked like a sign-in, and every
/// failure counts toward the lockout.
/// </summary>
public sealed class AccountSecurity(AppSignInManager signIn, UserManager<AppUser> users, IUserStore<AppUser> store, AccountLinkService links)
{
    public async Task<ConfirmOutcome> CheckPasswordAsync(AppUser user, string password)
    {
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        return result.Succeeded ? ConfirmOutcome.Confirmed : result.IsLockedOut ? ConfirmOutcome.LockedOut : ConfirmOutcome.Wrong;
    }

    /// <summary>A code of the authenticator app (people type "123 456") or a recovery code ("ABCDE-FGHIJ", then spent).</summary>
    public async Task<ConfirmOutcome> CheckCodeAsync(AppUser user, string code)
    {
        if (await users.IsLockedOutAsync(user))
        {
            return ConfirmOutcome.LockedOut;
        }

        var compact = new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var valid = compact.Length == 6 && compact.All(char.IsAsciiDigit)
            ? await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, compact)
            : compact.Length is > 0 and <= 20 && (await users.RedeemTwoFactorRecoveryCodeAsync(user, compact.ToUpperInvariant())).Succeeded;
        if (valid)
        {
            await users.ResetAccessFailedCountAsync(user);
            return ConfirmOutcome.Confirmed;
        }

        await users.AccessFailedAsync(user);
        return await users.IsLockedOutAsync(user) ? ConfirmOutcome.LockedOut : ConfirmOutcome.Wrong;
    }

    /// <summary>
    /// Changes the password (Identity checks the current one again and changes the security stamp,
    /// ending other sessions), then spends every open invitation or reset link: an older e-mail can no
    /// longer undo the change.
    /// </summary>
    public async Task<IdentityResult> ChangePasswordAsync(AppUser user, string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        if (result.Succeeded)
        {
            await links.SpendAllAsync(user.Id, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// The key the authenticator set-up page shows, made the first time the page is opened and kept.
    /// Identity's ResetAuthenticatorKeyAsync would also change the security stamp, so that merely
    /// opening the page ended the person's other sessions: the key is stored without it.
    /// </summary>
    public async Task<string> AuthenticatorKeyAsync(AppUser user, CancellationToken cancellationToken = default)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (!string.IsNullOrEmpty(key))
        {
            return key;
        }

        if (store is not IUserAuthenticatorKeyStore<AppUser> keys)
        {
            throw new InvalidOperationException("The user store does not keep authenticator keys.");
        }

        key = users.GenerateNewAuthenticatorKey();
        await keys.SetAuthenticatorKeyAsync(user, key, cancellationToken);
        var saved = await users.UpdateAsync(user);
        return saved.Succeeded ? key : throw new InvalidOperationException("The authenticator key could not be saved.");
    }

    /// <summary>Signing out ends every session of the account: copies of its cookie stop at the next stamp check.</summary>
    public Task EndAllSessionsAsync(AppUser user) => users.UpdateSecurityStampAsync(user);
}
