using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;

namespace RtesResources.BrowserTests;

/// <summary>axe-core (shipped inside the Deque package: nothing is fetched) finds no violation on the public pages.</summary>
[Collection(BrowserTests.Name)]
public class Accessibility(BrowserSite site)
{
    [ChromiumTheory]
    [InlineData("/")]
    [InlineData("/ressources")]
    [InlineData("/ressources?q=introuvable&type=fiche")]
    [InlineData("/ressources?q=l%27ESS+%C3%A9lus")]
    [InlineData("/ressources?thematique=metropoles&annee=2019")]
    [InlineData("/ressources/retour-sur-le-temps-d-echange-departements-et-ess")]
    [InlineData("/ressources/comment-parler-ess-a-un-e-nouvel-le-elu-e")]
    [InlineData("/ressources/fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal")]
    [InlineData("/page-introuvable")]
    [InlineData("/compte/connexion")]
    [InlineData("/compte/mot-de-passe-oublie")]
    [InlineData("/compte/demander-un-acces")]
    [InlineData("/compte/activer?jeton=invalide")]
    [InlineData("/accessibilite")]
    [InlineData("/mentions-legales")]
    [InlineData("/donnees-personnelles")]
    [InlineData("/plan-du-site")]
    public async Task PageHasNoAxeViolations(string url)
    {
        foreach (var width in new[] { 1280, 375 })
        {
            var page = await site.NewPageAsync(width: width);
            await page.GotoAsync(url);

            var results = await page.RunAxe();
            Assert.NotEmpty(results.Passes);

            var violations = results.Violations.Select(v => $"{v.Id} ({v.Impact}) at {width}px: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}");
            Assert.True(results.Violations.Length == 0, string.Join(Environment.NewLine, violations));
            await page.Context.CloseAsync();
        }
    }

    [ChromiumFact]
    public async Task BackOfficePagesHaveNoAxeViolations()
    {
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Features.Accounts.MembersService>();
            await members.InviteAsync("editeur-axe@rtes.fr", RtesResources.Web.Authorization.Roles.Editor, null, null, null);
            await members.SetPasswordAsync("editeur-axe@rtes.fr", "une phrase pour axe core");
        }

        await StatisticsData.SeedAsync(site);

        var page = await site.NewPageAsync();
        await page.GotoAsync("/compte/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync("editeur-axe@rtes.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("une phrase pour axe core");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/compte");

        foreach (var url in new[] { "/admin", "/admin/ressources", "/admin/ressources?cocher=page", "/admin/ressources/nouvelle", "/admin/ressources/1/modifier", "/admin/ressources/1/historique", "/admin/intervenants", "/admin/collections/1", "/admin/import", "/admin/synonymes", "/admin/synonymes/1", "/admin/synonymes/1/supprimer", "/admin/statistiques", "/admin/statistiques?du=32/13/2026" })
        {
            await page.GotoAsync(url);
            var results = await page.RunAxe();
            Assert.NotEmpty(results.Passes);
            Assert.True(results.Violations.Length == 0, url + ": " + string.Join(Environment.NewLine, results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        }
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
    public async Task MemberManagementPagesHaveNoAxeViolations()
    {
        string code;
        string memberId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Features.Accounts.MembersService>();
            await members.AddCollectivityAsync("Ville Axe", RtesResources.Web.Domain.CollectivityKind.Commune, new DateOnly(2099, 12, 31));
            await members.InviteAsync("agent@ville-axe.fr", RtesResources.Web.Authorization.Roles.Member, "Ville Axe", "Agent Axe", null);
            await members.InviteAsync("admin-axe@rtes.fr", RtesResources.Web.Authorization.Roles.Admin, null, null, null);
            await members.SetPasswordAsync("admin-axe@rtes.fr", "une phrase pour axe core");
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<RtesResources.Web.Domain.AppUser>>();
            var admin = (await users.FindByEmailAsync("admin-axe@rtes.fr"))!;
            await users.ResetAuthenticatorKeyAsync(admin);
            await users.SetTwoFactorEnabledAsync(admin, true);
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(admin, 1))!.Single();
            var agent = (await users.FindByEmailAsync("agent@ville-axe.fr"))!;
            agent.DeletionRequestedAt = DateTime.UtcNow;
            await users.UpdateAsync(agent);
            memberId = agent.Id;
            var db = scope.ServiceProvider.GetRequiredService<RtesResources.Web.Data.AppDbContext>();
            db.AccessRequests.Add(new RtesResources.Web.Domain.AccessRequest { Email = "autre@ville-axe.fr", FullName = "Autre Agent", CollectivityName = "Ville Axe", Status = RtesResources.Web.Domain.AccessRequestStatus.Pending, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        var page = await site.NewPageAsync();
        await page.GotoAsync("/compte/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync("admin-axe@rtes.fr");
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync("une phrase pour axe core");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.GetByLabel("Code de vérification").FillAsync(code);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();
        await page.WaitForURLAsync("**/compte");

        foreach (var url in new[] { "/admin/comptes", "/admin/comptes?suppression=demandee", $"/admin/comptes/{memberId}/effacer", "/admin/demandes" })
        {
            await page.GotoAsync(url);
            var results = await page.RunAxe();
            Assert.NotEmpty(results.Passes);
            Assert.True(results.Violations.Length == 0, url + ": " + string.Join(Environment.NewLine, results.Violations.Select(v => $"{v.Id}: {v.Help} — {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        }

        // The invitation and the collectivity forms shown again with their errors and what was typed.
        await page.GotoAsync("/admin/comptes");
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("pas-une-adresse");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Inviter", Exact = true }).ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await AssertNoViolationsAsync(page, "/admin/comptes (invitation refusée)");

        await page.GotoAsync("/admin/collectivites");
        await page.GetByLabel("SIREN (facultatif)").FillAsync("12");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
        await page.Locator(".error-summary").WaitForAsync();
        await AssertNoViolationsAsync(page, "/admin/collectivites (ajout refusé)");
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
