using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

[Collection(DemoSiteTests.Name)]
public class CataloguePageTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task ListsEveryResourceNewestFirst()
    {
        var page = await _client.GetDocumentAsync("/ressources");

        var slugs = page.CardSlugs();
        Assert.Equal(8, slugs.Count);
        Assert.Equal(DemoSlugs.PrivateConference2021, slugs[0]);
        Assert.Equal(DemoSlugs.Video, slugs[^1]);
        Assert.Contains("8 ressources", page.QuerySelector("#titre-resultats")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachFilterValueShowsItsCount()
    {
        var page = await _client.GetDocumentAsync("/ressources");

        var kinds = page.SelectOptions("type");
        Assert.Equal("Conférence en ligne (3)", kinds["conference-en-ligne"]);
        Assert.Equal("Fiche (1)", kinds["fiche"]);
        Assert.Equal("Retour d'échange / compte rendu (2)", kinds["compte-rendu"]);
        Assert.False(kinds.ContainsKey("diaporama"), "A kind with no resource is not offered.");
        Assert.Equal("Publique (6)", page.SelectOptions("acces")["public"]);
        Assert.Equal("Réservée aux adhérents (2)", page.SelectOptions("acces")["adherents"]);
        Assert.Equal("2020 (4)", page.SelectOptions("annee")["2020"]);
        Assert.Equal("Métropoles (3)", page.SelectOptions("thematique")["metropoles"]);
    }

    [Fact]
    public async Task TheSearchFormSendsThePublicQueryStringNamesAndShowsTheFilterAsUnderstood()
    {
        // The names are a public contract (README); the fields come from CatalogueQuery's binder names.
        // The values are the filter the service understood, not the raw query string the binder kept.
        var page = await _client.GetDocumentAsync("/ressources?q=%20%C3%A9lu%20&type=%20FICHE&intervenant=mahel-coppey&tri=date");

        var form = page.QuerySelector("form.filters")!;
        var names = form.QuerySelectorAll("input[name], select[name]").Select(e => e.GetAttribute("name")).ToList();
        Assert.Equal(["q", "type", "thematique", "annee", "acces", "intervenant", "tri"], names);
        var search = form.QuerySelector("input[name=q]")!;
        Assert.Equal("q", search.Id);
        Assert.Equal("élu", search.GetAttribute("value"));
        Assert.Equal("search", search.GetAttribute("type"));
        Assert.NotNull(search.GetAttribute("data-suggestions"));
        Assert.NotNull(form.QuerySelector("label[for=q]"));
        Assert.Equal("fiche", page.SelectedValue("type"));
        Assert.Equal("date", form.QuerySelector("input[name=tri]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task TheHomeSearchBoxSendsQUnderAnIdOfItsOwn()
    {
        var page = await _client.GetDocumentAsync("/");

        var box = page.QuerySelector("form.search-form input[type=search]")!;
        Assert.Equal("q", box.GetAttribute("name"));
        Assert.Equal("recherche-accueil", box.Id);
        Assert.Single(page.QuerySelectorAll("#recherche-accueil"));
        Assert.NotNull(page.QuerySelector("label[for=recherche-accueil]"));
    }

    [Fact]
    public async Task FiltersCombineAndCountsFollowTheOtherFilters()
    {
        var page = await _client.GetDocumentAsync("/ressources?type=conference-en-ligne&acces=adherents");

        Assert.Equal([DemoSlugs.PrivateConference2021, DemoSlugs.PrivateNewElected], page.CardSlugs());
        Assert.Equal("conference-en-ligne", page.SelectedValue("type"));
        Assert.Equal("adherents", page.SelectedValue("acces"));
        // The kind facet counts private resources of every kind; the access facet counts conferences only.
        Assert.Equal("Conférence en ligne (2)", page.SelectOptions("type")["conference-en-ligne"]);
        Assert.Equal("Publique (1)", page.SelectOptions("acces")["public"]);
        Assert.Equal(2, page.QuerySelectorAll(".active-filters li").Length);
    }

    [Fact]
    public async Task FiltersByCategoryAndYear()
    {
        var page = await _client.GetDocumentAsync("/ressources?thematique=metropoles&annee=2019");

        Assert.Equal([DemoSlugs.Meeting2019, DemoSlugs.Study], page.CardSlugs());
        Assert.Equal("2019 (2)", page.SelectOptions("annee")["2019"]);
        Assert.Equal("2020 (1)", page.SelectOptions("annee")["2020"]);
    }

    [Fact]
    public async Task FiltersBySpeakerAndSeries()
    {
        var bySpeaker = await _client.GetDocumentAsync("/ressources?intervenant=mahel-coppey");
        var bySeries = await _client.GetDocumentAsync("/ressources?serie=kit-municipaless");

        Assert.Equal([DemoSlugs.PublicAugust2020, DemoSlugs.Video], bySpeaker.CardSlugs());
        Assert.Contains(bySpeaker.QuerySelectorAll(".active-filters a"), a => a.TextContent.Contains("Mahel Coppey", StringComparison.Ordinal));
        Assert.Equal([DemoSlugs.Fiche3], bySeries.CardSlugs());
    }

    [Theory]
    [InlineData("economie", DemoSlugs.Fiche3)]
    [InlineData("ÉCONOMIE SOCIALE", DemoSlugs.Fiche3)]
    [InlineData("elu", DemoSlugs.PrivateNewElected)]
    [InlineData("élu.e", DemoSlugs.PrivateNewElected)]
    [InlineData("departements", DemoSlugs.Departements)]
    [InlineData("coeur", DemoSlugs.Fiche3)]
    public async Task SearchIgnoresAccentsAndCase(string query, string expectedSlug)
    {
        var page = await _client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query));

        Assert.Contains(expectedSlug, page.CardSlugs());
        Assert.Equal(query, page.QuerySelector("input#q")?.GetAttribute("value"));
    }

    [Fact]
    public async Task SearchMatchesPublicBodies()
    {
        // "Jacqueline Gourault" appears only in the body of the public Départements write-up.
        var page = await _client.GetDocumentAsync("/ressources?q=gourault");

        Assert.Equal([DemoSlugs.Departements], page.CardSlugs());
    }

    [Fact]
    public async Task SearchNeverMatchesAPrivateBodyForAnonymousVisitors()
    {
        var page = await _client.GetDocumentAsync("/ressources?q=" + DemoSlugs.PrivateBodyOnlyWord);

        Assert.Empty(page.CardSlugs());
        Assert.DoesNotContain("Dynamique de l", page.DocumentElement.OuterHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchMatchesAPrivateBodyForThoseWhoMayReadIt()
    {
        var filter = RtesResources.Web.Features.Catalogue.CatalogueFilter.Parse(new() { Q = DemoSlugs.PrivateBodyOnlyWord });

        var result = await site.WithServiceAsync<RtesResources.Web.Features.Catalogue.CatalogueService, RtesResources.Web.Models.CatalogueViewModel>(
            catalogue => catalogue.SearchAsync(filter, canReadPrivate: true));

        Assert.Equal([DemoSlugs.PrivateNewElected], result.Items.Select(i => i.Slug));
    }

    [Fact]
    public async Task SearchWithSeveralWordsNeedsThemAll()
    {
        var both = await _client.GetDocumentAsync("/ressources?q=metropoles+etude");
        var none = await _client.GetDocumentAsync("/ressources?q=metropoles+gourault");

        Assert.Contains(DemoSlugs.Study, both.CardSlugs());
        Assert.Empty(none.CardSlugs());
    }

    [Fact]
    public async Task EmptyResultsSayTheyAreEmptyAndSuggestRemovingAFilter()
    {
        var page = await _client.GetDocumentAsync("/ressources?q=introuvable&type=fiche");

        var empty = page.QuerySelector(".empty")!.TextContent;
        Assert.Contains("Aucune ressource ne correspond", empty, StringComparison.Ordinal);
        Assert.Contains("retirer un filtre", empty, StringComparison.Ordinal);
        var removeLinks = page.QuerySelectorAll(".active-filters a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("/ressources?q=introuvable", removeLinks);
        Assert.Contains("/ressources?type=fiche", removeLinks);
    }

    [Fact]
    public async Task UnknownFilterValuesAreDroppedWithANotice()
    {
        var page = await _client.GetDocumentAsync("/ressources?type=podcast&thematique=inconnue&intervenant=personne&serie=aucune");

        Assert.Equal(8, page.CardSlugs().Count);
        Assert.Equal(4, page.QuerySelectorAll(".notice").Length);
        Assert.Contains("type de ressource demandé n'existe pas", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePageShowsLatestResourcesAndEntryPoints()
    {
        var page = await _client.GetDocumentAsync("/");

        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(6, page.CardSlugs().Count);
        Assert.Contains(page.QuerySelectorAll("#titre-types ~ ul a"), a => a.GetAttribute("href") == "/ressources?type=fiche");
        Assert.Contains(page.QuerySelectorAll("#titre-thematiques ~ ul a"), a => a.GetAttribute("href") == "/ressources?thematique=metropoles");
        Assert.Contains(page.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/ressources?serie=kit-municipaless");
        Assert.Equal("/ressources", page.QuerySelector("form[role=search]")?.GetAttribute("action"));
    }
}
