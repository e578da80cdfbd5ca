using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Web;

/// <summary>The accessibility statement, legal notice, personal data page and site plan: public, in every footer, true to the configuration and the catalogue.</summary>
public sealed class InformationPagesTests : IDisposable
{
    private static readonly string[] Pages = ["/accessibilite", "/mentions-legales", "/donnees-personnelles", "/plan-du-site"];
    private static readonly string[] SignedOutPages = ["/", "/ressources", "/compte/connexion", "/compte/demander-un-acces", "/compte/mot-de-passe-oublie"];
    private readonly RtesWebFactory _site = new();

    public void Dispose() => _site.Dispose();

    [Fact]
    public async Task EachPageIsPublicAndCachedForAnonymousVisitors()
    {
        using var client = _site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var url in Pages)
        {
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Single(Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelectorAll("h1"));
        }

        // The site plan reads the catalogue once, then comes from the output cache like the home page.
        await client.GetAsync("/plan-du-site");
        _site.SqlCommands.Reset();
        using var again = await client.GetAsync("/plan-du-site");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(0, _site.SqlCommands.Count);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/ressources")]
    [InlineData("/compte/connexion")]
    [InlineData("/accessibilite")]
    [InlineData("/page-introuvable")]
    public async Task EveryFooterLinksTheFourPagesAndStatesTheConformance(string url)
    {
        using var client = _site.CreateClient();
        using var response = await client.GetAsync(url);
        var document = Html.Parse(await response.Content.ReadAsStringAsync());

        var links = document.QuerySelectorAll("footer nav a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(Pages, links.Select(l => l.Item1));
        // RGAA: the link to the statement says the conformance state.
        Assert.Equal("Accessibilité : non conforme", links[0].Item2);
    }

    [Fact]
    public async Task TheBackOfficeFooterLinksThemToo()
    {
        await _site.AddUserAsync("editeur-pied@rtes.fr", Roles.Editor);
        using var client = await _site.SignedInClientAsync("editeur-pied@rtes.fr");
        var document = await client.GetDocumentAsync("/admin");
        Assert.Equal(Pages, document.QuerySelectorAll("footer nav a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task TheStatementHasTheRgaaModelSections()
    {
        using var client = _site.CreateClient();
        var document = await client.GetDocumentAsync("/accessibilite");
        var headings = document.QuerySelectorAll("main h2").Select(h => h.TextContent.Trim()).ToList();

        Assert.Equal(["État de conformité", "Résultats des tests", "Établissement de cette déclaration d'accessibilité", "Retour d'information et contact", "Voies de recours"], headings);
        var text = document.MainText();
        Assert.Contains("non conforme", text, StringComparison.Ordinal);
        Assert.Contains("axe-core", text, StringComparison.Ordinal);
        Assert.Contains("Nu HTML Checker", text, StringComparison.Ordinal);
        Assert.Contains("Libre réponse 71120", text, StringComparison.Ordinal);
        Assert.NotNull(document.QuerySelector("main time[datetime]"));
        Assert.NotNull(document.QuerySelector("main a[href='https://formulaire.defenseurdesdroits.fr/']"));
        Assert.Null(document.QuerySelector("main a[href^='mailto:']"));
    }

    [Fact]
    public async Task ConfiguredPublisherHostAndContactAreShown()
    {
        using var configured = _site.WithWebHostBuilder(b => b
            .UseSetting("Legal:PublicationDirector", "Camille Martin")
            .UseSetting("Legal:HostName", "Hébergeur Exemple SAS")
            .UseSetting("Legal:HostAddress", "1 rue de l'Exemple, 75000 Paris")
            .UseSetting("Legal:ContactEmail", "accessibilite@rtes.fr"));
        using var client = configured.CreateClient();

        var notice = (await client.GetDocumentAsync("/mentions-legales")).MainText();
        Assert.Contains("Camille Martin, pour l'association.", notice, StringComparison.Ordinal);
        Assert.Contains("hébergé par Hébergeur Exemple SAS, 1 rue de l'Exemple, 75000 Paris.", notice, StringComparison.Ordinal);
        Assert.NotNull((await client.GetDocumentAsync("/accessibilite")).QuerySelector("main a[href='mailto:accessibilite@rtes.fr']"));
    }

    [Fact]
    public async Task WithoutConfigurationTheNoticeUsesNeutralWording()
    {
        using var client = _site.CreateClient();
        var notice = (await client.GetDocumentAsync("/mentions-legales")).MainText();
        Assert.Contains("présidence de l'association", notice, StringComparison.Ordinal);
        Assert.Contains("coordonnées de l'hébergeur sont communiquées sur demande", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSitePlanListsTheCatalogueEntryPointsThatHaveResources()
    {
        using var client = _site.CreateClient();
        var document = await client.GetDocumentAsync("/plan-du-site");
        var hrefs = document.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();

        var (kinds, categories, series) = await _site.WithDbAsync(async db => (
            await db.ResourceKinds.Where(k => db.Resources.Any(r => r.KindId == k.Id && r.DeletedAt == null && r.PublishAt != null)).Select(k => k.Slug).ToListAsync(),
            await db.Categories.Where(c => c.Resources.Any(r => r.DeletedAt == null && r.PublishAt != null)).Select(c => c.Slug).ToListAsync(),
            await db.Series.Where(s => db.Resources.Any(r => r.SeriesId == s.Id && r.DeletedAt == null && r.PublishAt != null)).Select(s => s.Slug).ToListAsync()));
        Assert.NotEmpty(kinds);
        Assert.All(kinds, k => Assert.Contains($"/ressources?type={k}", hrefs));
        Assert.All(categories, c => Assert.Contains($"/ressources?thematique={c}", hrefs));
        Assert.All(series, s => Assert.Contains($"/ressources?serie={s}", hrefs));
        Assert.Equal(kinds.Count + categories.Count + series.Count, hrefs.Count(h => h!.StartsWith("/ressources?", StringComparison.Ordinal)));
        foreach (var url in SignedOutPages.Concat(Pages))
        {
            Assert.Contains(url, hrefs);
        }

        Assert.DoesNotContain("/admin", hrefs);
        // Every link of the plan leads somewhere.
        foreach (var href in hrefs.Distinct())
        {
            using var response = await client.GetAsync(href);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{href}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task SignedInTheSitePlanOffersTheAccountAndStaffPages()
    {
        await _site.AddUserAsync("editeur-plan@rtes.fr", Roles.Editor);
        using var client = await _site.SignedInClientAsync("editeur-plan@rtes.fr");
        var hrefs = (await client.GetDocumentAsync("/plan-du-site")).QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Contains("/compte", hrefs);
        Assert.Contains("/admin", hrefs);
        Assert.DoesNotContain("/compte/connexion", hrefs);
    }
}
