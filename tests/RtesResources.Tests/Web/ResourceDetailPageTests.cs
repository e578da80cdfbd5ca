using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

[Collection(DemoSiteTests.Name)]
public class ResourceDetailPageTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task ShowsEverythingOfAPublicResource()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.Departements);

        Assert.Equal("Retour sur le temps d'échange \"Départements & ESS\"", page.QuerySelector("h1")?.TextContent);
        var text = page.MainText();
        Assert.Contains("9 juin 2020", text, StringComparison.Ordinal);
        Assert.Contains("Retour d'échange / compte rendu", text, StringComparison.Ordinal);
        Assert.Contains("Jacqueline Gourault", page.QuerySelector("#titre-contenu + .prose")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll(".speakers li").Length);
        Assert.Null(page.QuerySelector(".members-only"));
    }

    [Fact]
    public async Task LinksToAResourceAreTheAddressItsRouteAnswers()
    {
        var routed = site.Services.GetRequiredService<LinkGenerator>().GetPathByAction("Detail", "Catalogue", new { area = "", slug = DemoSlugs.Departements });
        var cards = (await _client.GetDocumentAsync("/ressources?q=gourault")).CardSlugs();

        Assert.Equal(routed, ResourceUrls.Page(DemoSlugs.Departements));
        Assert.Equal([DemoSlugs.Departements], cards);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(ResourceUrls.Page(DemoSlugs.Departements))).StatusCode);
    }

    [Fact]
    public async Task SpeakersLinkToTheirOtherResources()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.Video);

        var speaker = page.QuerySelector(".speakers li")!;
        Assert.Equal("/ressources?intervenant=mahel-coppey", speaker.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("vice-présidente du RTES", speaker.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nantes Métropole", speaker.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowsSeriesCategoriesLinksAndRelatedResources()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.Fiche3);

        Assert.Contains("Kit MunicipalESS, fiche n°3", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll(".facts a"), a => a.GetAttribute("href") == "/ressources?thematique=communes-et-intercommunalites");
        Assert.Equal("https://www.amf.asso.fr/", page.QuerySelector(".links a")?.GetAttribute("href"));
        var related = page.CardSlugs();
        Assert.InRange(related.Count, 1, 4);
        Assert.DoesNotContain(DemoSlugs.Fiche3, related);
        Assert.Contains(DemoSlugs.PrivateConference2021, related);
    }

    [Theory]
    [InlineData(DemoSlugs.PrivateNewElected, DemoSlugs.PrivateBodyOnlyPhrase)]
    [InlineData(DemoSlugs.PrivateConference2021, "L'enregistrement intégral")]
    public async Task PrivateResourceShowsItsTeaserButNeverItsBodyToAnonymousVisitors(string slug, string bodyPhrase)
    {
        using var response = await _client.GetAsync("/ressources/" + slug);
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(bodyPhrase, html, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("#titre-contenu"));
        Assert.Null(page.QuerySelector(".links"));
        Assert.NotEmpty(page.QuerySelector("#titre-resume + .prose")!.TextContent.Trim());
        Assert.NotEmpty(page.QuerySelectorAll(".speakers li"));
        var notice = page.QuerySelector(".members-only")!;
        Assert.Equal("Réservé aux collectivités adhérentes", notice.QuerySelector("h2")?.TextContent);
        Assert.Equal("/compte/connexion?ReturnUrl=%2Fressources%2F" + slug, notice.QuerySelector("a.button")?.GetAttribute("href"));
        Assert.Contains("private", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task PrivateBodyIsShownToThoseWhoMayReadIt()
    {
        var model = await site.WithServiceAsync<RtesResources.Web.Features.Catalogue.ResourcePageService, RtesResources.Web.Models.ResourceDetailViewModel?>(
            pages => pages.GetAsync(DemoSlugs.PrivateNewElected, canReadPrivate: true));

        Assert.True(model!.CanReadFullContent);
        Assert.Contains(DemoSlugs.PrivateBodyOnlyPhrase, model.BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateBodyIsNotEvenLoadedForThoseWhoMayNot()
    {
        var model = await site.WithServiceAsync<RtesResources.Web.Features.Catalogue.ResourcePageService, RtesResources.Web.Models.ResourceDetailViewModel?>(
            pages => pages.GetAsync(DemoSlugs.PrivateNewElected, canReadPrivate: false));

        Assert.False(model!.CanReadFullContent);
        Assert.Null(model.BodyHtml);
        Assert.Empty(model.Links);
    }

    [Theory]
    [InlineData("/ressources/cette-ressource-n-existe-pas")]
    [InlineData("/ressources/Fiche-3")]
    [InlineData("/ressources/%27%3B%20--")]
    [InlineData("/nulle-part")]
    public async Task UnknownPagesAnswerAFrench404(string url)
    {
        var page = await _client.GetDocumentAsync(url, HttpStatusCode.NotFound);

        Assert.Equal("Page introuvable", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
    }
}
