using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MimeKit;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.BrowserTests;

[Collection(BrowserTests.Name)]
public class MemberJourney(BrowserSite site)
{
    private const string PrivateConference = "/ressources/comment-parler-ess-a-un-e-nouvel-le-elu-e";

    [ChromiumFact]
    public async Task MemberActivatesFromTheEmailWatchesDownloadsThenLosesTheFileOnSignOut()
    {
        const string email = "parcours@ville-membre.fr";
        const string password = "la fanfare joue place du marché";
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            Assert.True((await members.AddCollectivityAsync("Ville Membre", CollectivityKind.Commune, new DateOnly(2099, 12, 31))).Succeeded);
            Assert.True((await members.InviteAsync(email, Roles.Member, "Ville Membre", "Lou Parcours", site.BaseAddress.ToString())).Succeeded);
        }

        var received = site.Smtp.ReceivedEmail.Single(m => m.ToAddresses.Any(a => a.Address == email));
        var text = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data))).TextBody!;
        var start = text.IndexOf("/compte/activer?jeton=", StringComparison.Ordinal);
        var activation = text[start..text.IndexOfAny(['\r', '\n'], start)];

        var page = await site.NewPageAsync(acceptDownloads: true);
        await page.GotoAsync(activation);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByLabel("Confirmer le mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Activer mon compte" }).ClickAsync();
        await page.WaitForURLAsync("**/compte/connexion");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre compte est activé");

        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/compte");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Ville Membre");

        await page.GotoAsync(PrivateConference);
        await Assertions.Expect(page.Locator("#titre-contenu")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".members-only")).ToHaveCountAsync(0);
        var fileLink = page.Locator(".attachments a").First;
        var fileUrl = await fileLink.GetAttributeAsync("href");
        var download = await page.RunAndWaitForDownloadAsync(() => fileLink.ClickAsync());
        Assert.Equal("dynamique-ess-territoire-la-rochelle.pdf", download.SuggestedFilename);
        var path = await download.PathAsync();
        Assert.StartsWith("%PDF-", await File.ReadAllTextAsync(path!), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync(site.BaseAddress.ToString());
        var again = await page.Context.APIRequest.GetAsync(fileUrl!, new() { MaxRedirects = 0 });
        Assert.Equal(302, again.Status);
        Assert.StartsWith("/compte/connexion", new Uri(again.Headers["location"], UriKind.RelativeOrAbsolute).ToString().Replace(site.BaseAddress.ToString().TrimEnd('/'), "", StringComparison.Ordinal), StringComparison.Ordinal);
        await page.GotoAsync(PrivateConference);
        await Assertions.Expect(page.Locator(".members-only")).ToBeVisibleAsync();
    }
}
