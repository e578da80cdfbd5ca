using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>
/// How many SQL commands a page sends does not grow with the data (no N+1). Counts, not timings:
/// speed itself is measured by the benchmark command (docs/performance.md). Catalogue listings come
/// from the search index and the term lists from memory: they send none.
/// </summary>
public class QueryCostTests(PaginatedSite site) : IClassFixture<PaginatedSite>
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task CataloguePageCostsTheSameWhateverTheResultCount()
    {
        var full = await CountAsync("/ressources");
        var filtered = await CountAsync("/ressources?type=fiche&thematique=metropoles&annee=2020&acces=public&q=fiche+pratique");
        var searchOnly = await CountAsync("/ressources?q=economie&page=2");

        Assert.Equal(0, full);
        Assert.Equal(0, filtered);
        Assert.Equal(0, searchOnly);
    }

    [Fact]
    public async Task AFilterBySpeakerCostsOneQuery() =>
        Assert.Equal(1, await CountAsync("/ressources?intervenant=inconnu&q=fiche"));

    [Fact]
    public async Task ResourcePageCostsAFewQueries()
    {
        var withSpeakersAndCategories = await CountAsync("/ressources/" + DemoSlugs.Departements);
        var withSeries = await CountAsync("/ressources/" + DemoSlugs.Fiche3);

        // The resource itself (split into its collections); related resources come from the index.
        Assert.InRange(withSpeakersAndCategories, 1, 5);
        Assert.InRange(withSeries, 1, 5);
    }

    [Fact]
    public async Task HomePageCostsNoQuery() =>
        Assert.Equal(0, await CountAsync("/"));

    private async Task<int> CountAsync(string url)
    {
        await _client.GetDocumentAsync(url);
        site.SqlCommands.Reset();
        await _client.GetDocumentAsync(url);
        return site.SqlCommands.Count;
    }
}
