using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.BrowserTests;

[Collection(BrowserTests.Name)]
public class ImportJourney(BrowserSite site)
{
    [ChromiumFact]
    public async Task EditorChecksAFileAndReadsTheReportInThePage()
    {
        const string email = "import-navigateur@rtes.fr";
        const string password = "un fichier bien rempli";
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            await members.InviteAsync(email, Roles.Editor, null, null, null);
            Assert.True((await members.SetPasswordAsync(email, password)).Succeeded);
        }

        var page = await site.NewPageAsync();
        await page.GotoAsync("/compte/connexion?ReturnUrl=%2Fadmin%2Fimport");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/import");

        await page.GetByLabel("Fichier CSV ou JSON Lines").SetInputFilesAsync(new FilePayload
        {
            Name = "essai.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("title;kind;published_on\nUne fiche;fiche;2024-02-30\nUne étude;étude;2024-02-01\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier / importer" }).ClickAsync();

        await Assertions.Expect(page.Locator("#titre-rapport")).ToHaveTextAsync("Rapport d'essai");
        await Assertions.Expect(page.Locator("#titre-rapport")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".import-report tr.row-error")).ToContainTextAsync("date « 2024-02-30 » invalide");
        Assert.EndsWith("/admin/import", page.Url, StringComparison.Ordinal);
    }
}
