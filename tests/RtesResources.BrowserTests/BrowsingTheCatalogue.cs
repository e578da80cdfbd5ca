using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace RtesResources.BrowserTests;

[Collection(BrowserTests.Name)]
public partial class BrowsingTheCatalogue(BrowserSite site)
{
    [ChromiumFact]
    public async Task VisitorFiltersTheCatalogueAndOpensAResource()
    {
        var page = await site.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("Le centre de ressources du RTES", await page.Locator("h1").TextContentAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Toutes les ressources" }).ClickAsync();
        await page.WaitForURLAsync("**/ressources");
        // Other tests of this collection may have published resources: count what is public now.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Data.AppDbContext>();
            var published = await db.Resources.CountAsync(RtesResources.Web.Domain.Visibility.IsPublic(DateTime.UtcNow));
            Assert.Contains($"{published} ressources", await page.Locator("#titre-resultats").TextContentAsync(), StringComparison.Ordinal);
        }

        await page.GetByLabel("Type de ressource").SelectOptionAsync("conference-en-ligne");
        await page.GetByLabel("Accès").SelectOptionAsync("public");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher les ressources" }).ClickAsync();

        await page.WaitForURLAsync(QueryWithKindAndAccess());
        Assert.Contains("1 ressource", await page.Locator("#titre-resultats").TextContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "Comment soutenir l'ESS dans le cadre d'une politique communale ou intercommunale ?" }).ClickAsync();
        await page.WaitForURLAsync("**/ressources/comment-soutenir-l-ess-dans-le-cadre-d-une-politique-communale-ou-intercommunale");
        Assert.Equal("Comment soutenir l'ESS dans le cadre d'une politique communale ou intercommunale ?", await page.Locator("h1").TextContentAsync());
        Assert.Contains("26 août 2020", await page.Locator(".facts").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator(".speakers li").CountAsync());
    }

    [ChromiumFact]
    public async Task VisitorSearchesWithoutAccentsAndSeesAPrivateTeaser()
    {
        var page = await site.NewPageAsync(width: 375, height: 800);

        await page.GotoAsync("/");
        await page.GetByLabel("Rechercher une ressource").FillAsync("elu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await page.WaitForURLAsync("**/ressources?q=elu");

        await page.GetByRole(AriaRole.Link, new() { Name = "Comment parler ESS à un.e nouvel.le élu.e ?" }).ClickAsync();

        var notice = page.Locator(".members-only");
        await Assertions.Expect(notice).ToBeVisibleAsync();
        Assert.Equal("Réservé aux collectivités adhérentes", await notice.Locator("h2").TextContentAsync());
        Assert.DoesNotContain("Dynamique de l'ESS sur mon territoire", await page.ContentAsync(), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task SkipLinkMovesFocusToTheMainContent()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/ressources");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.Locator("a.skip-link");
        await Assertions.Expect(skip).ToBeFocusedAsync();
        await Assertions.Expect(skip).ToBeInViewportAsync();
        await skip.PressAsync("Enter");

        // A fragment link navigates within the document: poll for the outcome rather than wait for a load.
        await Assertions.Expect(page).ToHaveURLAsync(SkipTarget());
        await page.WaitForFunctionAsync("document.activeElement && document.activeElement.id === 'contenu'");
    }

    [GeneratedRegex("/ressources#contenu$")]
    private static partial Regex SkipTarget();

    [GeneratedRegex(@"/ressources\?(?=.*type=conference-en-ligne)(?=.*acces=public)")]
    private static partial Regex QueryWithKindAndAccess();
}
