using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OtpNet;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Security;

/// <summary>What a signed-in person changes on their account: the password, two-factor authentication, signing out.</summary>
public class AccountChangesTests
{
    private const string NewPassword = "une toute nouvelle phrase";

    [Fact]
    public async Task WrongCurrentPasswordsCountTowardTheLockout()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("distrait@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("distrait@rtes.fr");

        for (var i = 0; i < 5; i++)
        {
            using var failure = await ChangePasswordAsync(client, $"mauvais essai {i}");
            Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        }

        using var locked = await ChangePasswordAsync(client, Accounts.Password);
        var account = await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "distrait@rtes.fr"));

        Assert.NotNull(account.LockoutEnd);
        Assert.True(account.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
        Assert.Contains("verrouillé", Html.Parse(await locked.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(PasswordVerificationResult.Success, site.Service<IPasswordHasher<AppUser>>().VerifyHashedPassword(account, account.PasswordHash!, Accounts.Password));
    }

    [Fact]
    public async Task ChangingThePasswordSpendsEveryOpenResetLink()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("prudent@rtes.fr", Roles.Editor);
        var token = await site.WithServiceAsync<AccountLinkService, string>(async links =>
            await links.CreateAsync((await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "prudent@rtes.fr")))!, AccountLinkPurpose.PasswordReset));
        using var client = await site.SignedInClientAsync("prudent@rtes.fr");

        using var before = await client.GetAsync(AccountEmails.ResetPath(token));
        using var changed = await ChangePasswordAsync(client, Accounts.Password);
        using var after = await client.GetAsync(AccountEmails.ResetPath(token));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
    }

    [Fact]
    public async Task ChangingThePasswordIsRateLimited()
    {
        using var site = new RtesWebFactory { SeedDemoData = false, FormPostsPerMinute = 4 };
        await site.AddUserAsync("presse@rtes.fr", Roles.Editor);
        // The sign-in is the first POST of the minute.
        using var client = await site.SignedInClientAsync("presse@rtes.fr");
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var response = await ChangePasswordAsync(client, $"mauvais essai {i}");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TurningTwoFactorOffAsksForACodeOrThePassword()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("double@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("double@rtes.fr");
        var key = await EnableTwoFactorAsync(site, "double@rtes.fr");

        using var nothing = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification/desactiver", []);
        using var wrongPassword = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification/desactiver", new() { ["Disable.Password"] = "pas le bon mot de passe" });
        using var wrongCode = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification/desactiver", new() { ["Disable.Code"] = "000000" == Code(key) ? "111111" : "000000" });
        var stillOn = await TwoFactorEnabledAsync(site, "double@rtes.fr");
        using var withPassword = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification/desactiver", new() { ["Disable.Password"] = Accounts.Password });
        var offWithPassword = !await TwoFactorEnabledAsync(site, "double@rtes.fr");

        key = await EnableTwoFactorAsync(site, "double@rtes.fr");
        using var withCode = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification/desactiver", new() { ["Disable.Code"] = Code(key) });
        var offWithCode = !await TwoFactorEnabledAsync(site, "double@rtes.fr");

        Assert.True(stillOn);
        Assert.Equal(HttpStatusCode.OK, nothing.StatusCode);
        Assert.Contains("mot de passe", Html.Parse(await nothing.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrongCode.StatusCode);
        Assert.True(offWithPassword);
        Assert.Equal(HttpStatusCode.Redirect, withPassword.StatusCode);
        Assert.True(offWithCode);
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
    }

    [Fact]
    public async Task OpeningTheTwoFactorPageKeepsTheSecurityStampAndTheKey()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("curieux@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("curieux@rtes.fr");
        var stampBefore = await StampAsync(site, "curieux@rtes.fr");

        var first = await client.GetDocumentAsync("/compte/double-authentification");
        var second = await client.GetDocumentAsync("/compte/double-authentification");

        Assert.Equal(stampBefore, await StampAsync(site, "curieux@rtes.fr"));
        Assert.Equal(first.QuerySelector("code.key")?.TextContent, second.QuerySelector("code.key")?.TextContent);
        Assert.False(string.IsNullOrEmpty(first.QuerySelector("code.key")?.TextContent));
    }

    [Fact]
    public async Task SigningOutEndsTheSessionOnTheServer()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };
        await site.AddUserAsync("partant@rtes.fr", Roles.Editor);
        var cookies = new System.Net.CookieContainer();
        using var client = site.CreateDefaultClient(new CookieContainerHandler(cookies));
        using var signIn = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "partant@rtes.fr", ["Password"] = Accounts.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var stampBefore = await StampAsync(site, "partant@rtes.fr");

        // Someone kept a copy of the sign-in cookie.
        var copied = new System.Net.CookieContainer();
        copied.Add(cookies.GetCookies(client.BaseAddress!));
        using var thief = site.CreateDefaultClient(new CookieContainerHandler(copied));
        using var signOut = await client.PostFormAsync("/compte", "/compte/deconnexion", []);
        clock.Advance(TimeSpan.FromMinutes(6));
        using var replayed = await thief.GetAsync("/compte");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.NotEqual(stampBefore, await StampAsync(site, "partant@rtes.fr"));
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/compte/connexion", replayed.Headers.Location?.AbsolutePath, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> ChangePasswordAsync(HttpClient client, string current) =>
        client.PostFormAsync("/compte/mot-de-passe", "/compte/mot-de-passe", new() { ["CurrentPassword"] = current, ["NewPassword"] = NewPassword, ["ConfirmPassword"] = NewPassword });

    private static Task<string?> StampAsync(RtesWebFactory site, string email) =>
        site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.SecurityStamp).SingleAsync());

    private static Task<bool> TwoFactorEnabledAsync(RtesWebFactory site, string email) =>
        site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync());

    private static async Task<string> EnableTwoFactorAsync(RtesWebFactory site, string email)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private static string Code(string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();
}
