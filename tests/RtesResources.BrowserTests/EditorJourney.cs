using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.BrowserTests;

[Collection(BrowserTests.Name)]
public class EditorJourney(BrowserSite site)
{
    [ChromiumFact]
    public async Task EditorCreatesAFicheUploadsWithProgressPreviewsAndPublishes()
    {
        const string email = "redaction@rtes.fr";
        const string password = "les fiches paraissent le jeudi";
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            await members.InviteAsync(email, Roles.Editor, null, "Rédaction RTES", null);
            Assert.True((await members.SetPasswordAsync(email, password)).Succeeded);
        }

        var page = await site.NewPageAsync(acceptDownloads: true);
        await page.GotoAsync("/compte/connexion?ReturnUrl=%2Fadmin%2Fressources%2Fnouvelle");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/ressources/nouvelle");

        await page.GetByLabel("Titre").FillAsync("Fiche n°4 : la commande publique responsable");
        await page.GetByLabel("Type de ressource", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Fiche" });
        await page.GetByLabel("Résumé (public, même pour une ressource privée)").FillAsync("La **commande publique** au service de l'ESS :\n\n- clauses sociales\n- marchés réservés");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aperçu" }).ClickAsync();
        await Assertions.Expect(page.Locator(".preview strong")).ToHaveTextAsync("commande publique");
        await Assertions.Expect(page.Locator(".preview li")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();
        await page.WaitForURLAsync("**/modifier");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Ressource créée");

        var started = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/fichiers", async route =>
        {
            started.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GetByLabel("Ajouter des fichiers").SetInputFilesAsync(new FilePayload
        {
            Name = "fiche4.pdf",
            MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n% Fiche n°4\n%%EOF\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer" }).ClickAsync();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Assertions.Expect(page.Locator(".upload-progress")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("progress#progression-envoi")).ToBeVisibleAsync();
        release.SetResult();
        await Assertions.Expect(page.Locator(".file-list a")).ToHaveTextAsync("fiche4.pdf");
        await page.UnrouteAsync("**/fichiers");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publier maintenant" }).ClickAsync();
        await Assertions.Expect(page.Locator(".admin-header .badge")).ToHaveTextAsync("Publiée");

        var visitor = await site.NewPageAsync(acceptDownloads: true);
        await visitor.GotoAsync("/ressources?type=fiche");
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Fiche n°4 : la commande publique responsable" }).ClickAsync();
        await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync("Fiche n°4 : la commande publique responsable");
        var download = await visitor.RunAndWaitForDownloadAsync(() => visitor.Locator(".attachments a").First.ClickAsync());
        Assert.Equal("fiche4.pdf", download.SuggestedFilename);
    }
}
