using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using QRCoder;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Email;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Models;

namespace RtesResources.Web.Controllers;

/// <summary>
/// Our own account pages under /compte (the Identity UI package's pages load scripts from a CDN).
/// Answers never tell whether an account exists; forms that anyone can post are rate limited.
/// </summary>
[Route("compte")]
[Authorize(Policy = Policies.SignedIn)]
public sealed class AccountController(
    AppSignInManager signIn,
    UserManager<AppUser> users,
    AccountLinkService links,
    AccountSecurity security,
    EmailOutbox outbox,
    MySpaceService mySpace,
    ILogger<AccountController> logger) : Controller
{
    public const string RateLimitPolicy = "account-forms";
    private const string GenericLoginError = "Adresse e-mail ou mot de passe incorrect. Après 5 échecs, le compte est verrouillé pendant 15 minutes.";
    private const string AuthenticatorIssuer = "RTES Ressources";
    private const string LockedOutError = "Trop d'essais : le compte est verrouillé pendant 15 minutes.";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var model = await mySpace.VisitAsync(User, cancellationToken);
        return model is null ? await SignOutAndGoHomeAsync() : View(model);
    }

    [AllowAnonymous]
    [HttpGet("connexion")]
    public IActionResult Login(string? returnUrl)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl(returnUrl));
        }

        return View(new LoginInput { ReturnUrl = SafeReturnUrl(returnUrl) });
    }

    [AllowAnonymous]
    [HttpPost("connexion")]
    [EnableRateLimiting(RateLimitPolicy)]
    public async Task<IActionResult> Login(LoginInput input)
    {
        input.ReturnUrl = SafeReturnUrl(input.ReturnUrl);
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = await users.FindByEmailAsync(input.Email!.Trim());
        if (user is null)
        {
            // Hash anyway, so that an unknown address takes as long as a wrong password.
            AppSignInManager.SpendPasswordHash(users.PasswordHasher, input.Password!);
            ModelState.AddModelError("", GenericLoginError);
            return View(input);
        }

        var result = await signIn.PasswordSignInAsync(user, input.Password!, input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            logger.SignedIn(user.Id);
            return LocalRedirect(input.ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginWithCode), new { returnUrl = input.ReturnUrl, rememberMe = input.RememberMe });
        }

        logger.SignInFailed(result.IsLockedOut);
        ModelState.AddModelError("", GenericLoginError);
        return View(input);
    }

    [AllowAnonymous]
    [HttpGet("connexion/code")]
    public async Task<IActionResult> LoginWithCode(string? returnUrl, bool rememberMe)
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null)
        {
            return RedirectToAction(nameof(Login));
        }

        return View(new TwoFactorLoginInput { ReturnUrl = SafeReturnUrl(returnUrl), RememberMe = rememberMe });
    }

    [AllowAnonymous]
    [HttpPost("connexion/code")]
    [EnableRateLimiting(RateLimitPolicy)]
    public async Task<IActionResult> LoginWithCode(TwoFactorLoginInput input)
    {
        input.ReturnUrl = SafeReturnUrl(input.ReturnUrl);
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        // Authenticator codes are 6 digits (people type "123 456"); recovery codes look like "ABCDE-FGHIJ".
        var code = new string(input.Code!.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var result = code.Length == 6 && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, input.RememberMe, input.RememberMachine)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code.ToUpperInvariant());
        if (result.Succeeded)
        {
            logger.SignedIn(user.Id);
            return LocalRedirect(input.ReturnUrl);
        }

        logger.SignInFailed(result.IsLockedOut);
        ModelState.AddModelError(nameof(input.Code), "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone, ou utilisez un code de secours.");
        return View(input);
    }

    [HttpPost("deconnexion")]
    [AllowAnonymous]
    public async Task<IActionResult> Logout()
    {
        // Ends the session on the server too: a copy of the cookie stops working at the next stamp check.
        if (await users.GetUserAsync(User) is { } user)
        {
            await security.EndAllSessionsAsync(user);
        }

        return await SignOutAndGoHomeAsync();
    }

    [AllowAnonymous]
    [HttpGet("mot-de-passe-oublie")]
    public IActionResult ForgotPassword() => View(new ForgotPasswordInput());

    [AllowAnonymous]
    [HttpPost("mot-de-passe-oublie")]
    [EnableRateLimiting(RateLimitPolicy)]
    public IActionResult ForgotPassword(ForgotPasswordInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        // Looked up, and the link sent, after the response: the same work here for every address.
        var email = input.Email!.Trim();
        var baseUrl = RequestBaseUrl();
        outbox.TryQueue<PasswordResets>("Réinitialisation du mot de passe", (resets, ct) => resets.RequestAsync(email, baseUrl, ct));
        return View("ForgotPasswordSent", input.Email);
    }

    [AllowAnonymous]
    [HttpGet("reinitialiser")]
    public Task<IActionResult> ResetPassword(string? jeton, CancellationToken cancellationToken) =>
        ShowLinkPageAsync(jeton, AccountLinkPurpose.PasswordReset, cancellationToken);

    [AllowAnonymous]
    [HttpPost("reinitialiser")]
    [EnableRateLimiting(RateLimitPolicy)]
    public Task<IActionResult> ResetPassword([Bind(Prefix = nameof(LinkPageViewModel.Input))] ChoosePasswordInput input, CancellationToken cancellationToken) =>
        ChoosePasswordAsync(input, AccountLinkPurpose.PasswordReset, cancellationToken);

    [AllowAnonymous]
    [HttpGet("activer")]
    public Task<IActionResult> Activate(string? jeton, CancellationToken cancellationToken) =>
        ShowLinkPageAsync(jeton, AccountLinkPurpose.Invitation, cancellationToken);

    [AllowAnonymous]
    [HttpPost("activer")]
    [EnableRateLimiting(RateLimitPolicy)]
    public Task<IActionResult> Activate([Bind(Prefix = nameof(LinkPageViewModel.Input))] ChoosePasswordInput input, CancellationToken cancellationToken) =>
        ChoosePasswordAsync(input, AccountLinkPurpose.Invitation, cancellationToken);

    [HttpGet("mot-de-passe")]
    public IActionResult ChangePassword() => View(new ChangePasswordInput());

    [HttpPost("mot-de-passe")]
    [EnableRateLimiting(RateLimitPolicy)]
    public async Task<IActionResult> ChangePassword(ChangePasswordInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return await SignOutAndGoHomeAsync();
        }

        // Checked like a sign-in first: wrong current passwords count toward the lockout.
        var check = await security.CheckPasswordAsync(user, input.CurrentPassword!);
        if (check != ConfirmOutcome.Confirmed)
        {
            ModelState.AddModelError(nameof(input.CurrentPassword), check == ConfirmOutcome.LockedOut ? LockedOutError : users.ErrorDescriber.PasswordMismatch().Description);
            return View(input);
        }

        var result = await security.ChangePasswordAsync(user, input.CurrentPassword!, input.NewPassword!, cancellationToken);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                var field = error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? nameof(input.CurrentPassword) : nameof(input.NewPassword);
                ModelState.AddModelError(field, error.Description);
            }

            return View(input);
        }

        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "Votre mot de passe a été modifié.";
        return RedirectToAction(nameof(Index));
    }

    [AllowAnonymous]
    [HttpGet("demander-un-acces")]
    public IActionResult RequestAccess() => View(new AccessRequestInput());

    [AllowAnonymous]
    [HttpPost("demander-un-acces")]
    [EnableRateLimiting(RateLimitPolicy)]
    public IActionResult RequestAccess(AccessRequestInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        // Recorded after the response (or not, when the address already has an account or a pending
        // request): the same work here for every address.
        outbox.TryQueue<MySpaceService>("Demande d'accès", (service, ct) => service.SubmitAccessRequestAsync(input, ct));
        return View("RequestAccessSent");
    }

    [HttpGet("mes-donnees")]
    public async Task<IActionResult> ExportData(CancellationToken cancellationToken)
    {
        var json = await mySpace.ExportAsync(User, cancellationToken);
        if (json is null)
        {
            return await SignOutAndGoHomeAsync();
        }

        Response.Headers.CacheControl = "private, no-store";
        return File(json, "application/json", "mes-donnees-rtes.json");
    }

    [HttpPost("suppression")]
    public async Task<IActionResult> RequestDeletion()
    {
        if (!await mySpace.RequestDeletionAsync(User))
        {
            return await SignOutAndGoHomeAsync();
        }

        logger.DeletionRequested(users.GetUserId(User)!);
        TempData["Message"] = "Votre demande de suppression est enregistrée. L'équipe du RTES supprimera votre compte et vos données, et vous le confirmera par e-mail.";
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("double-authentification")]
    public async Task<IActionResult> TwoFactor()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? await SignOutAndGoHomeAsync() : View(await AuthenticatorModelAsync(user, []));
    }

    [HttpPost("double-authentification")]
    public async Task<IActionResult> TwoFactor([Bind(Prefix = "Input")] EnableAuthenticatorInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return await SignOutAndGoHomeAsync();
        }

        if (!ModelState.IsValid)
        {
            return View(await AuthenticatorModelAsync(user, [], input));
        }

        var code = input.Code!.Replace(" ", "", StringComparison.Ordinal);
        var valid = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code);
        if (!valid)
        {
            ModelState.AddModelError("Input.Code", "Ce code n'est pas valide : vérifiez l'heure de votre téléphone et saisissez le code affiché maintenant.");
            return View(await AuthenticatorModelAsync(user, [], input));
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var recoveryCodes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10) ?? [];
        await signIn.RefreshSignInAsync(user);
        logger.TwoFactorEnabled(user.Id);
        return View(await AuthenticatorModelAsync(user, [.. recoveryCodes]));
    }

    [HttpPost("double-authentification/desactiver")]
    [EnableRateLimiting(RateLimitPolicy)]
    public async Task<IActionResult> DisableTwoFactor([Bind(Prefix = "Disable")] DisableTwoFactorInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return await SignOutAndGoHomeAsync();
        }

        if (await users.IsInRoleAsync(user, Roles.Admin))
        {
            TempData["Message"] = "La double authentification est obligatoire pour les administrateurs.";
            return RedirectToAction(nameof(TwoFactor));
        }

        // Someone at an open session must not turn it off: a code of the app, or the password.
        var check = !ModelState.IsValid ? (ConfirmOutcome?)null
            : !string.IsNullOrWhiteSpace(input.Code) ? await security.CheckCodeAsync(user, input.Code)
            : !string.IsNullOrEmpty(input.Password) ? await security.CheckPasswordAsync(user, input.Password)
            : null;
        if (check != ConfirmOutcome.Confirmed)
        {
            ModelState.AddModelError("Disable.Code", check switch
            {
                ConfirmOutcome.LockedOut => LockedOutError,
                ConfirmOutcome.Wrong => "Ce code ou ce mot de passe n'est pas le bon.",
                _ => "Pour désactiver la double authentification, indiquez un code de votre application (ou un code de secours), ou votre mot de passe.",
            });
            return View(nameof(TwoFactor), await AuthenticatorModelAsync(user, []));
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        TempData["Message"] = "La double authentification est désactivée.";
        return RedirectToAction(nameof(Index));
    }

    private async Task<IActionResult> ShowLinkPageAsync(string? token, AccountLinkPurpose purpose, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var user = await links.FindUsableAsync(token, purpose, cancellationToken);
        if (user is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("LinkInvalid", purpose == AccountLinkPurpose.Invitation);
        }

        return View("ChoosePassword", new LinkPageViewModel
        {
            Token = token!,
            IsInvitation = purpose == AccountLinkPurpose.Invitation,
            Email = user.Email!,
            Input = new ChoosePasswordInput { Jeton = token },
        });
    }

    private async Task<IActionResult> ChoosePasswordAsync(ChoosePasswordInput input, AccountLinkPurpose purpose, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var user = await links.FindUsableAsync(input.Jeton, purpose, cancellationToken);
        if (user is null)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("LinkInvalid", purpose == AccountLinkPurpose.Invitation);
        }

        var model = new LinkPageViewModel { Token = input.Jeton!, IsInvitation = purpose == AccountLinkPurpose.Invitation, Email = user.Email!, Input = input };
        if (!ModelState.IsValid)
        {
            return View("ChoosePassword", model);
        }

        var result = await links.SetPasswordAsync(input.Jeton, purpose, input.Password!, cancellationToken);
        if (result.Outcome == LinkOutcome.InvalidPassword)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError($"{nameof(LinkPageViewModel.Input)}.{nameof(input.Password)}", error);
            }

            return View("ChoosePassword", model);
        }

        if (result.Outcome == LinkOutcome.InvalidLink)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
            return View("LinkInvalid", purpose == AccountLinkPurpose.Invitation);
        }

        logger.PasswordSetFromLink(purpose, result.User!.Id);
        await signIn.SignOutAsync();
        TempData["Message"] = purpose == AccountLinkPurpose.Invitation
            ? "Votre compte est activé. Connectez-vous avec votre adresse e-mail et le mot de passe choisi."
            : "Votre mot de passe a été modifié. Connectez-vous avec le nouveau mot de passe.";
        return RedirectToAction(nameof(Login));
    }

    private async Task<AuthenticatorSetupViewModel> AuthenticatorModelAsync(AppUser user, string[] recoveryCodes, EnableAuthenticatorInput? input = null)
    {
        var isRequired = await users.IsInRoleAsync(user, Roles.Admin);
        if (user.TwoFactorEnabled)
        {
            return new AuthenticatorSetupViewModel
            {
                IsEnabled = true,
                IsRequired = isRequired,
                RecoveryCodes = recoveryCodes,
                RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user),
            };
        }

        var key = await security.AuthenticatorKeyAsync(user);

        var uri = $"otpauth://totp/{Uri.EscapeDataString(AuthenticatorIssuer)}:{Uri.EscapeDataString(user.Email!)}?secret={key}&issuer={Uri.EscapeDataString(AuthenticatorIssuer)}&digits=6";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return new AuthenticatorSetupViewModel
        {
            IsEnabled = false,
            IsRequired = isRequired,
            SharedKey = FormatKey(key!),
            QrCodeDataUri = "data:image/png;base64," + Convert.ToBase64String(png),
            Input = input ?? new EnableAuthenticatorInput(),
        };
    }

    private static string FormatKey(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return builder.ToString().TrimEnd().ToLowerInvariant();
    }

    private async Task<IActionResult> SignOutAndGoHomeAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/");
    }

    private string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) && !returnUrl.StartsWith("/compte/deconnexion", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/compte";

    private string RequestBaseUrl() => $"{Request.Scheme}://{Request.Host}{Request.PathBase}";
}
