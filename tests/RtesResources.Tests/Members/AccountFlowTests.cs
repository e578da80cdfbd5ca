using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Members;

/// <summary>Invitation, activation, sign-in, password reset: through the real pages and a real SMTP server.</summary>
public class AccountFlowTests
{
    [Fact]
    public async Task InvitedMemberActivatesFromTheEmailLinkAndSignsIn()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Invitante", new DateOnly(2099, 1, 1));
        var invitation = await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("camille@ville-invitante.fr", Roles.Member, "Ville Invitante", "Camille Martin", null));
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        var message = site.MessagesTo("camille@ville-invitante.fr").Single();
        var link = Accounts.LinkIn(message);
        var form = await client.GetDocumentAsync(link);
        using var activated = await client.PostFormAsync(link, "/compte/activer", new()
        {
            ["Input.Jeton"] = form.QuerySelector("input[name='Input.Jeton']")!.GetAttribute("value")!,
            ["Input.Password"] = "le marché du samedi matin",
            ["Input.ConfirmPassword"] = "le marché du samedi matin",
        });
        using var signedIn = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "camille@ville-invitante.fr", ["Password"] = "le marché du samedi matin" });

        Assert.True(invitation.Succeeded, invitation.Message);
        Assert.Equal("Votre accès au centre de ressources du RTES", message.Subject);
        Assert.Contains("Bonjour Camille Martin", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("72 heures", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("mot de passe est", message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("camille@ville-invitante.fr", form.QuerySelector("main strong")?.TextContent);
        Assert.Equal(HttpStatusCode.Redirect, activated.StatusCode);
        Assert.Equal("/compte/connexion", activated.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/compte", signedIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task InvitationLinkWorksOnceOnly()
    {
        using var site = new RtesWebFactory();
        await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("once@rtes.fr", Roles.Editor, null, null, null));
        var link = Accounts.LinkIn(site.MessagesTo("once@rtes.fr").Single());
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var token = (await client.GetDocumentAsync(link)).QuerySelector("input[name='Input.Jeton']")!.GetAttribute("value")!;

        using var first = await client.PostFormAsync(link, "/compte/activer", new() { ["Input.Jeton"] = token, ["Input.Password"] = "première phrase secrète", ["Input.ConfirmPassword"] = "première phrase secrète" });
        using var again = await client.GetAsync(link);
        var againPage = Html.Parse(await again.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Equal("Ce lien n'est plus valable", againPage.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task InvitationLinkExpiresAfter72Hours()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("late@rtes.fr", Roles.Editor, null, null, null));
        var link = Accounts.LinkIn(site.MessagesTo("late@rtes.fr").Single());
        using var client = site.CreateClient();

        clock.Advance(TimeSpan.FromHours(71));
        using var stillValid = await client.GetAsync(link);
        clock.Advance(TimeSpan.FromHours(2));
        using var expired = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, stillValid.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
    }

    [Fact]
    public async Task PasswordResetLinkArrivesByEmailWorksOnceAndExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddUserAsync("oubli@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        var seen = new HashSet<string>();
        using var request = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "oubli@rtes.fr" });
        var message = await site.WaitForNewMessageAsync("oubli@rtes.fr", Accounts.ResetSubject, seen);
        var link = Accounts.LinkIn(message);
        var token = (await client.GetDocumentAsync(link)).QuerySelector("input[name='Input.Jeton']")!.GetAttribute("value")!;
        using var reset = await client.PostFormAsync(link, "/compte/reinitialiser", new() { ["Input.Jeton"] = token, ["Input.Password"] = "une toute nouvelle phrase", ["Input.ConfirmPassword"] = "une toute nouvelle phrase" });
        using var reused = await client.GetAsync(link);
        using var oldPassword = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "oubli@rtes.fr", ["Password"] = Accounts.Password });
        using var newPassword = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "oubli@rtes.fr", ["Password"] = "une toute nouvelle phrase" });

        Assert.Equal("Réinitialisation de votre mot de passe", message.Subject);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, reused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, newPassword.StatusCode);

        using var second = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "oubli@rtes.fr" });
        var secondLink = Accounts.LinkIn(await site.WaitForNewMessageAsync("oubli@rtes.fr", Accounts.ResetSubject, seen));
        clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        using var expired = await client.GetAsync(secondLink);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
    }

    [Fact]
    public async Task ANewResetLinkReplacesTheOlderOne()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("deux@rtes.fr", Roles.Editor);
        using var client = site.CreateClient();
        var seen = new HashSet<string>();

        await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "deux@rtes.fr" });
        var older = Accounts.LinkIn(await site.WaitForNewMessageAsync("deux@rtes.fr", Accounts.ResetSubject, seen));
        await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "deux@rtes.fr" });
        var newer = Accounts.LinkIn(await site.WaitForNewMessageAsync("deux@rtes.fr", Accounts.ResetSubject, seen));

        using var olderResponse = await client.GetAsync(older);
        using var newerResponse = await client.GetAsync(newer);
        Assert.Equal(HttpStatusCode.Gone, olderResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newerResponse.StatusCode);
    }

    [Theory]
    [InlineData("court", "au moins 12 caractères")]
    [InlineData("motdepasse2026!", "mots de passe les plus courants")]
    [InlineData("AZERTYUIOP123", "mots de passe les plus courants")]
    [InlineData("jean.dupont-1234", "partie de votre adresse e-mail")]
    [InlineData("JeanDupont2026", "partie de votre adresse e-mail")]
    [InlineData("Weihnachtsbaum!", "mots de passe les plus courants")]
    [InlineData("vive saint-apollinaire!", "nom de votre collectivité")]
    [InlineData("aaaaaaaaaaaaaaaa", "caractères différents")]
    public async Task WeakPasswordsAreRefusedWithAFrenchReason(string password, string expected)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("Saint-Apollinaire", new DateOnly(2099, 1, 1));
        await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("jean.dupont@saint-apollinaire.fr", Roles.Member, "Saint-Apollinaire", null, null));
        var link = Accounts.LinkIn(site.MessagesTo("jean.dupont@saint-apollinaire.fr").Single());
        using var client = site.CreateClient();
        var token = (await client.GetDocumentAsync(link)).QuerySelector("input[name='Input.Jeton']")!.GetAttribute("value")!;

        using var response = await client.PostFormAsync(link, "/compte/activer", new() { ["Input.Jeton"] = token, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password });
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Input_Password")?.GetAttribute("aria-invalid"));
        Assert.Null(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "jean.dupont@saint-apollinaire.fr").Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task MismatchedConfirmationIsRefused()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync("confirm@rtes.fr", Roles.Editor, null, null, null));
        var link = Accounts.LinkIn(site.MessagesTo("confirm@rtes.fr").Single());
        using var client = site.CreateClient();
        var token = (await client.GetDocumentAsync(link)).QuerySelector("input[name='Input.Jeton']")!.GetAttribute("value")!;

        using var response = await client.PostFormAsync(link, "/compte/activer", new() { ["Input.Jeton"] = token, ["Input.Password"] = "une phrase bien longue", ["Input.ConfirmPassword"] = "une autre phrase longue" });

        Assert.Contains("ne sont pas identiques", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignedInMemberChangesPassword()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("change@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("change@rtes.fr");

        using var wrong = await client.PostFormAsync("/compte/mot-de-passe", "/compte/mot-de-passe", new() { ["CurrentPassword"] = "pas le bon", ["NewPassword"] = "encore une belle phrase", ["ConfirmPassword"] = "encore une belle phrase" });
        using var right = await client.PostFormAsync("/compte/mot-de-passe", "/compte/mot-de-passe", new() { ["CurrentPassword"] = Accounts.Password, ["NewPassword"] = "encore une belle phrase", ["ConfirmPassword"] = "encore une belle phrase" });

        Assert.Contains("Mot de passe incorrect", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        using var fresh = await site.SignedInClientAsync("change@rtes.fr", "encore une belle phrase");
    }

    [Fact]
    public async Task SignOutEndsTheSession()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("sortie@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("sortie@rtes.fr");

        using var logout = await client.PostFormAsync("/compte", "/compte/deconnexion", []);
        using var space = await client.GetAsync("/compte");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, space.StatusCode);
        Assert.StartsWith("/compte/connexion", space.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task SignInNeverRedirectsOffTheSite(string returnUrl)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("retour@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "retour@rtes.fr", ["Password"] = Accounts.Password, ["ReturnUrl"] = returnUrl });

        Assert.Equal("/compte", response.Headers.Location?.OriginalString);
    }
}
