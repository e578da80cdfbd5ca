using System.Net;
using OtpNet;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Members;

public class TwoFactorTests
{
    [Fact]
    public async Task MemberEnablesAnAuthenticatorThenSignsInWithItsCodeOrARecoveryCode()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("Ville Prudente", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("prudente@ville.fr", Roles.Member, "Ville Prudente");
        using var client = await site.SignedInClientAsync("prudente@ville.fr");

        var setup = await client.GetDocumentAsync("/compte/double-authentification");
        var key = setup.QuerySelector("code.key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var totp = new Totp(Base32Encoding.ToBytes(key));
        Assert.StartsWith("data:image/png;base64,", setup.QuerySelector("img.qr")?.GetAttribute("src"), StringComparison.Ordinal);

        using var wrong = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification", new() { ["Input.Code"] = "000000" == totp.ComputeTotp() ? "111111" : "000000" });
        Assert.Contains("Ce code n'est pas valide", Html.Parse(await wrong.Content.ReadAsStringAsync()).MainText(), StringComparison.Ordinal);

        using var enabled = await client.PostFormAsync("/compte/double-authentification", "/compte/double-authentification", new() { ["Input.Code"] = totp.ComputeTotp() });
        var enabledPage = Html.Parse(await enabled.Content.ReadAsStringAsync());
        var recoveryCodes = enabledPage.QuerySelectorAll(".recovery-codes code").Select(c => c.TextContent).ToList();
        Assert.Equal(10, recoveryCodes.Count);

        using var fresh = site.CreateClient(new() { AllowAutoRedirect = false });
        using var password = await fresh.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "prudente@ville.fr", ["Password"] = Accounts.Password });
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        Assert.StartsWith("/compte/connexion/code", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        using var notYet = await fresh.GetAsync("/compte");
        Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);

        // The next time step's code: a code already used to enable the authenticator is not replayed.
        var code = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        using var signedIn = await fresh.PostFormAsync(password.Headers.Location!.OriginalString, "/compte/connexion/code", new() { ["Code"] = code, ["ReturnUrl"] = "/compte" });
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect, Html.Parse(await signedIn.Content.ReadAsStringAsync()).MainText());
        Assert.Equal("/compte", signedIn.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/compte")).StatusCode);

        using var other = site.CreateClient(new() { AllowAutoRedirect = false });
        using var step = await other.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "prudente@ville.fr", ["Password"] = Accounts.Password });
        using var recovery = await other.PostFormAsync(step.Headers.Location!.OriginalString, "/compte/connexion/code", new() { ["Code"] = recoveryCodes[0], ["ReturnUrl"] = "/compte" });
        Assert.Equal(HttpStatusCode.Redirect, recovery.StatusCode);
        Assert.Equal("/compte", recovery.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task AdminWithoutTwoFactorIsSentToSetItUp()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("admin@rtes.fr", Roles.Admin);
        using var client = await site.SignedInClientAsync("admin@rtes.fr");

        using var catalogue = await client.GetAsync("/ressources");
        var setup = await client.GetDocumentAsync("/compte/double-authentification");

        Assert.Equal(HttpStatusCode.Redirect, catalogue.StatusCode);
        Assert.Equal("/compte/double-authentification", catalogue.Headers.Location?.OriginalString);
        Assert.Contains("obligatoire pour les administrateurs", setup.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodePageWithoutAPendingSignInGoesBackToTheLogin()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/compte/connexion/code");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/compte/connexion", response.Headers.Location?.OriginalString);
    }
}
