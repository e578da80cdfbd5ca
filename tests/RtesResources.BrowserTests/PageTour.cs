using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Features.Files;

namespace RtesResources.BrowserTests;

/// <summary>
/// Every kind of page the site serves, reached the way people reach them (links, forms, a second tab
/// for a conflict), signed out, as a member, as an editor and as an admin. Each page is handed to a
/// check with the HTML the server sent (null for a state the page's script made, such as a loaded
/// video player), so that axe-core and the Nu checker walk the same list. <paramref name="tag"/>
/// keeps the accounts and drafts of two tours on the shared site apart.
/// </summary>
public sealed class PageTour(BrowserSite site, string tag)
{
    public delegate Task PageCheck(string name, IPage page, string? html);

    public const string VideoSlug = "video-de-presentation-du-rtes";
    public const string PrivateSlug = "comment-parler-ess-a-un-e-nouvel-le-elu-e";
    public const string PublicSlug = "fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal";
    public const string ApiReferencePath = "/api/v1/reference/";

    public static readonly string[] StatementPages = ["/accessibilite", "/mentions-legales", "/donnees-personnelles", "/plan-du-site"];

    public async Task AnonymousAsync(PageCheck check)
    {
        await EnsureVideoAsync(site);
        var page = await site.NewPageAsync();
        foreach (var url in new[]
        {
            "/",
            "/ressources",
            "/ressources?type=fiche&thematique=metropoles&annee=2019&acces=public",
            "/ressources?serie=kit-municipaless",
            "/ressources?q=%C3%A9conomie+sociale",
            "/ressources?q=%C3%A9conomie&tri=date&page=1",
            "/ressources?q=zzzintrouvable",
            "/ressources/" + PublicSlug,
            "/ressources/" + PrivateSlug,
            "/page-introuvable",
            "/compte/connexion",
            "/compte/mot-de-passe-oublie",
            "/compte/demander-un-acces",
            "/compte/activer?jeton=invalide",
            "/compte/reinitialiser?jeton=invalide",
        }.Concat(StatementPages))
        {
            await GoAsync(page, url, check);
        }

        await VideoAsync(page, check);
        await ApiReferenceAsync(page, check);

        await GoAsync(page, "/compte/mot-de-passe-oublie", check);
        await page.GetByLabel("Adresse e-mail").FillAsync($"inconnu-{tag}@ville.fr");
        await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Recevoir un lien" }).ClickAsync(), "/compte/mot-de-passe-oublie (envoyé)", check);

        await GoAsync(page, "/compte/demander-un-acces", check);
        await page.GetByLabel("Adresse e-mail professionnelle").FillAsync($"agent-{tag}@ville-tour.fr");
        await page.GetByLabel("Prénom et nom").FillAsync("Agent de la visite");
        await page.GetByLabel("Collectivité", new() { Exact = true }).FillAsync("Ville de la visite");
        await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande" }).ClickAsync(), "/compte/demander-un-acces (envoyée)", check);
        await page.Context.CloseAsync();
    }

    public async Task MemberAsync(PageCheck check)
    {
        await EnsureVideoAsync(site);
        var page = await SignInAsync($"adherent-{tag}@ville-tour.fr", Roles.Member, $"Ville de la visite {tag}", check);
        foreach (var url in new[]
        {
            "/compte",
            "/compte/mot-de-passe",
            "/compte/double-authentification",
            "/",
            "/ressources",
            "/ressources?acces=adherents",
            "/ressources?q=%C3%A9lus",
            "/ressources/" + PublicSlug,
            "/ressources/" + PrivateSlug,
        }.Concat(StatementPages))
        {
            await GoAsync(page, url, check);
        }

        await VideoAsync(page, check);

        // The password form sent back with its errors.
        await GoAsync(page, "/compte/mot-de-passe", check);
        await SubmitAsync(page, () => page.Locator("main form button[type=submit]").First.ClickAsync(), "/compte/mot-de-passe (erreurs)", check);
        await page.Context.CloseAsync();
    }

    public async Task EditorAsync(PageCheck check)
    {
        int withFiles, withVideo;
        await EnsureVideoAsync(site);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            withFiles = await db.Resources.Where(r => r.Slug == PublicSlug).Select(r => r.Id).SingleAsync();
            withVideo = await db.Resources.Where(r => r.Slug == VideoSlug).Select(r => r.Id).SingleAsync();
        }

        await StatisticsData.SeedAsync(site);
        var page = await SignInAsync($"editeur-{tag}@rtes.fr", Roles.Editor, null, check);
        foreach (var url in new[]
        {
            "/admin",
            "/admin/ressources",
            "/admin/ressources?statut=publiee&q=ess",
            "/admin/ressources?cocher=page",
            "/admin/ressources/nouvelle",
            $"/admin/ressources/{withFiles}/modifier",
            $"/admin/ressources/{withFiles}/historique",
            $"/admin/ressources/{withVideo}/modifier",
            "/admin/intervenants", "/admin/intervenants/nouveau", "/admin/intervenants/1",
            "/admin/thematiques", "/admin/thematiques/nouveau", "/admin/thematiques/1",
            "/admin/types", "/admin/types/nouveau", "/admin/types/1",
            "/admin/collections", "/admin/collections/nouveau", "/admin/collections/1",
            "/admin/synonymes", "/admin/synonymes/nouveau", "/admin/synonymes/1", "/admin/synonymes/1/supprimer",
            "/admin/import",
            "/admin/statistiques",
            "/admin/statistiques?du=32/13/2026",
        })
        {
            await GoAsync(page, url, check);
        }

        // A new draft: its form with errors, its preview, then a conflict between two tabs.
        await GoAsync(page, "/admin/ressources/nouvelle", check);
        await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync(), "/admin/ressources/nouvelle (erreurs)", check);
        await page.GetByLabel("Titre", new() { Exact = true }).FillAsync($"Brouillon de la visite {tag}");
        await page.GetByLabel("Type de ressource", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Fiche" });
        await page.GetByLabel("Résumé (public, même pour une ressource privée)").FillAsync("Un **résumé** :\n\n- un point\n- un autre point");
        await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Aperçu" }).ClickAsync(), "/admin/ressources/nouvelle (aperçu)", check);
        await Assertions.Expect(page.Locator(".preview li")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le brouillon" }).ClickAsync();
        await page.WaitForURLAsync("**/modifier");
        var editUrl = new Uri(page.Url).PathAndQuery;

        var other = await page.Context.NewPageAsync();
        await other.GotoAsync(editUrl);
        await page.GetByLabel("Résumé (public, même pour une ressource privée)").FillAsync("Enregistré en premier.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Modifications enregistrées");
        await other.GetByLabel("Résumé (public, même pour une ressource privée)").FillAsync("Enregistré en second.");
        await SubmitAsync(other, () => other.GetByRole(AriaRole.Button, new() { Name = "Enregistrer", Exact = true }).ClickAsync(), editUrl + " (conflit)", check);
        await Assertions.Expect(other.Locator(".conflict")).ToBeVisibleAsync();
        await other.CloseAsync();

        var history = editUrl.Replace("/modifier", "/historique", StringComparison.Ordinal);
        await GoAsync(page, history, check);
        await GoAsync(page, history + "/1", check);

        // The import report of a dry run of the catalogue's own export.
        var export = await page.APIRequest.GetAsync("/admin/export.csv");
        Assert.True(export.Ok, "GET /admin/export.csv: " + export.Status);
        await GoAsync(page, "/admin/import", check);
        await page.GetByLabel("Fichier CSV ou JSON Lines").SetInputFilesAsync(new FilePayload { Name = "export.csv", MimeType = "text/csv", Buffer = await export.BodyAsync() });
        // admin.js sends the file with a progress bar and shows the report in place of the form.
        var sent = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Vérifier / importer" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/admin/import", StringComparison.Ordinal));
        await Assertions.Expect(page.Locator(".import-report")).ToBeVisibleAsync();
        await check("/admin/import (rapport)", page, await sent.TextAsync());
        await page.Context.CloseAsync();
    }

    public async Task AdminAsync(PageCheck check)
    {
        var page = await SignInAsync($"admin-{tag}@rtes.fr", Roles.Admin, null, check);
        string adminId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.AccessRequests.Add(new AccessRequest { Email = $"demande-{tag}@ville-tour.fr", FullName = "Agent en attente", CollectivityName = "Ville de la visite", Status = AccessRequestStatus.Pending, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            adminId = await db.Users.Where(u => u.Email == $"admin-{tag}@rtes.fr").Select(u => u.Id).SingleAsync();
        }

        foreach (var url in new[]
        {
            "/admin",
            "/admin/collectivites",
            "/admin/collectivites/1",
            "/admin/comptes",
            "/admin/comptes?suppression=demandee",
            $"/admin/comptes/{adminId}/effacer",
            "/admin/demandes",
            "/admin/statistiques",
            "/plan-du-site",
        })
        {
            await GoAsync(page, url, check);
        }

        // The invitation and the collectivity forms sent back with their errors and what was typed.
        await GoAsync(page, "/admin/comptes", check);
        await page.GetByLabel("Adresse e-mail", new() { Exact = true }).FillAsync("pas-une-adresse");
        await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Inviter", Exact = true }).ClickAsync(), "/admin/comptes (invitation refusée)", check);
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();
        await GoAsync(page, "/admin/collectivites", check);
        await page.GetByLabel("SIREN (facultatif)").FillAsync("12");
        await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync(), "/admin/collectivites (ajout refusé)", check);
        await Assertions.Expect(page.Locator(".error-summary")).ToBeVisibleAsync();

        await page.Context.CloseAsync();
    }

    /// <summary>The API's reference page, once Scalar's script has drawn it from the OpenAPI document.</summary>
    private static async Task ApiReferenceAsync(IPage page, PageCheck check)
    {
        var response = await page.GotoAsync(ApiReferencePath) ?? throw new InvalidOperationException("No response for " + ApiReferencePath);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API des ressources du RTES", Level = 1 })).ToBeVisibleAsync();
        await check(ApiReferencePath, page, await response.TextAsync());
    }

    /// <summary>A resource with a video (its transcript and captions), before and after its player is asked for.</summary>
    private static async Task VideoAsync(IPage page, PageCheck check)
    {
        await GoAsync(page, "/ressources/" + VideoSlug, check);
        await Assertions.Expect(page.Locator("section.video details.transcript summary")).ToHaveTextAsync("Transcription");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Charger le lecteur Vimeo" });
        await button.ClickAsync();
        await Assertions.Expect(page.Locator(".video-frame iframe")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("section.video").GetByRole(AriaRole.Link, new() { Name = "Sous-titres (WebVTT)" })).ToBeVisibleAsync();
        await page.Locator("section.video details.transcript summary").ClickAsync();
        await Assertions.Expect(page.Locator("section.video details.transcript .prose")).ToBeVisibleAsync();
        await check($"/ressources/{VideoSlug} (lecteur chargé, transcription ouverte)", page, null);
    }

    /// <summary>Gives the demo video resource a Vimeo link (the demo data has none) with a transcript and WebVTT captions, once.</summary>
    public static async Task EnsureVideoAsync(BrowserSite site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var resource = await db.Resources.Include(r => r.Links).SingleAsync(r => r.Slug == VideoSlug);
        var video = resource.Links.FirstOrDefault(l => l.Kind == LinkKind.Video);
        if (video is null)
        {
            video = new ResourceLink
            {
                Resource = resource,
                Kind = LinkKind.Video,
                Label = "Présentation du RTES en vidéo",
                Url = "https://vimeo.com/76979871",
                TranscriptMarkdown = "## Présentation\n\nLe RTES réunit des **collectivités locales** qui soutiennent l'économie sociale et solidaire.\n\n- Échanges entre élu·es\n- Ressources pour les agents",
            };
            db.ResourceLinks.Add(video);
            await db.SaveChangesAsync();
        }

        if (!video.HasCaptions)
        {
            var captions = "WEBVTT\n\n00:00.000 --> 00:05.000\nBienvenue au Réseau des collectivités territoriales pour une économie solidaire.\n"u8.ToArray();
            var refused = await scope.ServiceProvider.GetRequiredService<VideoCaptionsService>()
                .UploadAsync(resource.Id, video.Id, new UploadedFile("sous-titres.vtt", captions.Length, () => new MemoryStream(captions)));
            Assert.Null(refused);
        }
    }

    /// <summary>Signs in through the forms (with a recovery code for an admin, who must use two-factor authentication).</summary>
    internal async Task<IPage> SignInAsync(string email, string role, string? collectivity, PageCheck check)
    {
        string? code = null;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            if (collectivity is not null)
            {
                await members.AddCollectivityAsync(collectivity, CollectivityKind.Commune, new DateOnly(2099, 12, 31));
            }

            await members.InviteAsync(email, role, collectivity, "Personne de la visite", null);
            Assert.True((await members.SetPasswordAsync(email, SiteClients.Password)).Succeeded);
            if (role == Roles.Admin)
            {
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
                var user = (await users.FindByEmailAsync(email))!;
                await users.ResetAuthenticatorKeyAsync(user);
                await users.SetTwoFactorEnabledAsync(user, true);
                code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 1))!.Single();
            }
        }

        var page = await site.NewPageAsync();
        await page.GotoAsync("/compte/connexion");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(SiteClients.Password);
        if (code is null)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        }
        else
        {
            await SubmitAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync(), "/compte/connexion/code", check);
            await page.GetByLabel("Code de vérification").FillAsync(code);
            await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier" }).ClickAsync();
        }

        await page.WaitForURLAsync(url => !url.Contains("/compte/connexion", StringComparison.Ordinal));
        return page;
    }

    private static async Task GoAsync(IPage page, string url, PageCheck check)
    {
        var response = await page.GotoAsync(url) ?? throw new InvalidOperationException("No response for " + url);
        await check(url, page, await response.TextAsync());
    }

    /// <summary>Runs a form's submission and checks the page it ends on (after any redirect).</summary>
    private static async Task SubmitAsync(IPage page, Func<Task> submit, string name, PageCheck check)
    {
        var response = await page.RunAndWaitForResponseAsync(submit, r => r.Request.IsNavigationRequest && r.Frame == page.MainFrame && (r.Status < 300 || r.Status >= 400));
        await page.WaitForLoadStateAsync(LoadState.Load);
        await check(name, page, await response.TextAsync());
    }
}
