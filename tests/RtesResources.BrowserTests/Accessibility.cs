using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;

namespace RtesResources.BrowserTests;

/// <summary>axe-core (shipped inside the Deque package: nothing is fetched) finds no violation on any page of the tour, signed in or out, and on the main pages at a phone's width.</summary>
[Collection(BrowserTests.Name)]
public class Accessibility(BrowserSite site)
{
    /// <summary>
    /// At a phone's width, where the layout differs (the tour runs every page at desktop width): the
    /// pages people open from a newsletter on a phone.
    /// </summary>
    [ChromiumTheory]
    [InlineData("/")]
    [InlineData("/ressources?q=l%27ESS+%C3%A9lus")]
    [InlineData("/ressources?thematique=metropoles&annee=2019")]
    [InlineData("/ressources/" + PageTour.PublicSlug)]
    [InlineData("/compte/connexion")]
    public async Task NarrowPageHasNoAxeViolations(string url)
    {
        var page = await site.NewPageAsync(width: 375);
        await page.GotoAsync(url);
        await AssertNoViolationsAsync(page, url + " at 375px");
        await page.Context.CloseAsync();
    }

    [ChromiumFact]
    public async Task BulkActionPagesHaveNoAxeViolations()
    {
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Features.Accounts.MembersService>();
            await members.InviteAsync("editeur-lot-axe@rtes.fr", RtesResources.Web.Authorization.Roles.Editor, null, null, null);
            await members.SetPasswordAsync("editeur-lot-axe@rtes.fr", "une phrase pour axe core");
        }

        var page = await site.NewPageAsync();
        await page.GotoAsync("/compte/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync("editeur-lot-axe@rtes.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("une phrase pour axe core");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/compte");

        // The form sent back with its errors: no action chosen, nothing checked.
        await page.GotoAsync("/admin/ressources");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Appliquer aux ressources cochées" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await AssertNoViolationsAsync(page, "bulk form with errors");

        // The confirmation of an action on every resource the filters match (not confirmed: the site is shared).
        await page.GetByLabel("Action", new() { Exact = true }).SelectOptionAsync("ajouter-thematique");
        await page.GetByLabel("Thématique (pour « Ajouter » ou « Retirer »)").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Index = 1 });
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Appliquer aux .* filtrées") }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Ajouter la thématique");
        await AssertNoViolationsAsync(page, "bulk confirmation");
    }

    [ChromiumFact]
    public Task EveryPageSignedOutHasNoAxeViolations() => new PageTour(site, "axe").AnonymousAsync(CheckAsync);

    [ChromiumFact]
    public Task EveryPageAMemberSeesHasNoAxeViolations() => new PageTour(site, "axe").MemberAsync(CheckAsync);

    [ChromiumFact]
    public Task EveryBackOfficeScreenHasNoAxeViolations() => new PageTour(site, "axe").EditorAsync(CheckAsync);

    [ChromiumFact]
    public Task EveryAdminScreenHasNoAxeViolations() => new PageTour(site, "axe").AdminAsync(CheckAsync);

    private static Task CheckAsync(string name, Microsoft.Playwright.IPage page, string? html) => AssertNoViolationsAsync(page, name);

    private static async Task AssertNoViolationsAsync(Microsoft.Playwright.IPage page, string what)
    {
        var results = await page.RunAxe();
        Assert.NotEmpty(results.Passes);
        Assert.True(results.Violations.Length == 0, what + ": " + string.Join(Environment.NewLine, results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    [ChromiumFact]
    public async Task FormWithErrorsHasNoAxeViolations()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/compte/demander-un-acces");
        await page.GetByLabel("Adresse e-mail professionnelle").FillAsync("pas-une-adresse");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();

        var results = await page.RunAxe();

        Assert.NotEmpty(results.Passes);
        Assert.True(results.Violations.Length == 0, string.Join(Environment.NewLine, results.Violations.Select(v => $"{v.Id}: {v.Help}")));
        Assert.Equal("true", await page.Locator("#Email").GetAttributeAsync("aria-invalid"));
    }
}
