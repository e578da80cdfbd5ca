using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>
/// How many SQL commands a page sends does not grow with the data (no N+1). Counts, not timings:
/// speed itself is measured by the benchmark command (docs/operations.md).
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

        Assert.InRange(full, 1, 7);
        Assert.InRange(filtered, 1, 7);
        Assert.InRange(searchOnly, 1, 7);
    }

    [Fact]
    public async Task ResourcePageCostsAFewQueries()
    {
        var withSpeakersAndCategories = await CountAsync("/ressources/" + DemoSlugs.Departements);
        var withSeries = await CountAsync("/ressources/" + DemoSlugs.Fiche3);

        Assert.InRange(withSpeakersAndCategories, 1, 6);
        Assert.InRange(withSeries, 1, 6);
    }

    [Fact]
    public async Task HomePageCostsAFewQueries() =>
        Assert.InRange(await CountAsync("/"), 1, 7);

    private async Task<int> CountAsync(string url)
    {
        await _client.GetDocumentAsync(url);
        site.SqlCommands.Reset();
        await _client.GetDocumentAsync(url);
        return site.SqlCommands.Count;
    }
}
