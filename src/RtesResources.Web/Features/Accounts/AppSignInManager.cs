using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Accounts;

/// <summary>
/// Identity's sign-in, refusing deactivated accounts and accounts of deactivated collectivities.
/// Every password check costs one password hash, whatever the account: Identity refuses a locked-out,
/// deactivated or not yet activated account (or one without a password) before hashing anything,
/// which would let the response time tell that the address has an account.
/// </summary>
public sealed class AppSignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    AppDbContext db)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(AppUser user)
    {
        if (!user.IsActive)
        {
            return false;
        }

        if (user.CollectivityId is int collectivityId
            && !await db.Collectivities.AnyAsync(c => c.Id == collectivityId && c.IsActive))
        {
            return false;
        }

        return await base.CanSignInAsync(user);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(AppUser user, string password, bool lockoutOnFailure)
    {
        var refusal = await PreSignInCheck(user);
        if (refusal is not null || user.PasswordHash is null)
        {
            SpendPasswordHash(UserManager.PasswordHasher, password);
            return refusal ?? SignInResult.Failed;
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    /// <summary>
    /// The work of one password check, for nothing: an unknown address or a refused account costs what
    /// a wrong password costs. Through the app's hasher, so that it costs exactly the same.
    /// </summary>
    public static void SpendPasswordHash(IPasswordHasher<AppUser> hasher, string password) =>
        hasher.VerifyHashedPassword(new AppUser(), DecoyHash.Value, password);

    // A real hash of a random password, made with the default parameters of stored hashes.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<AppUser>().HashPassword(new AppUser(), Guid.NewGuid().ToString()));
}
