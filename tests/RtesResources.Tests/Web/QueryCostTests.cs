using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Caching;

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

        // Seven for the page, one for the page cache: when the next scheduled publication is.
        Assert.InRange(full, 1, 8);
        Assert.InRange(filtered, 1, 8);
        Assert.InRange(searchOnly, 1, 8);
    }

    [Fact]
    public async Task ResourcePageCostsAFewQueries()
    {
        var withSpeakersAndCategories = await CountAsync("/ressources/" + DemoSlugs.Departements);
        var withSeries = await CountAsync("/ressources/" + DemoSlugs.Fiche3);

        // Six for the page; the page cache adds the next scheduled publication and, until
        // ResourcePageService fills ResourceDetailViewModel.Id, the id of the slug (then back to 7).
        Assert.InRange(withSpeakersAndCategories, 1, 8);
        Assert.InRange(withSeries, 1, 8);
    }

    [Fact]
    public async Task HomePageCostsAFewQueries() =>
        Assert.InRange(await CountAsync("/"), 1, 7);

    /// <summary>What rendering the page costs (a cache miss: the page cache is emptied first).</summary>
    private async Task<int> CountAsync(string url)
    {
        await _client.GetDocumentAsync(url);
        await site.Services.GetRequiredService<PageCacheEvictor>().EvictAllAsync();
        site.SqlCommands.Reset();
        await _client.GetDocumentAsync(url);
        return site.SqlCommands.Count;
    }
}
