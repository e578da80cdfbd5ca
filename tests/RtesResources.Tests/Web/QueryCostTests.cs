using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Caching;

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

        // The page from the index sends none; the page cache asks when the next scheduled publication is.
        Assert.Equal(1, full);
        Assert.Equal(1, filtered);
        Assert.Equal(1, searchOnly);
    }

    [Fact]
    public async Task AFilterBySpeakerCostsOneQuery() =>
        Assert.Equal(2, await CountAsync("/ressources?intervenant=inconnu&q=fiche"));

    [Fact]
    public async Task ResourcePageCostsAFewQueries()
    {
        var withSpeakersAndCategories = await CountAsync("/ressources/" + DemoSlugs.Departements);
        var withSeries = await CountAsync("/ressources/" + DemoSlugs.Fiche3);

        // The resource itself (split into its collections) and the page cache's next publication;
        // related resources come from the index.
        Assert.InRange(withSpeakersAndCategories, 1, 6);
        Assert.InRange(withSeries, 1, 6);
    }

    [Fact]
    public async Task HomePageCostsOnlyThePageCacheQuery() =>
        Assert.Equal(1, await CountAsync("/"));

    [Fact]
    public async Task AMembersCataloguePageCostsOneQueryForWhoTheyAreNow()
    {
        await site.AddCollectivityAsync("Ville de Coûts", new DateOnly(2099, 12, 31));
        var member = await site.SignedInClientAsync(await site.AddUserAsync("cout@ville-couts.fr", RtesResources.Web.Authorization.Roles.Member, "Ville de Coûts"));
        await member.GetDocumentAsync("/ressources?q=economie&type=fiche");

        site.SqlCommands.Reset();
        await member.GetDocumentAsync("/ressources?q=economie&type=fiche");

        // Roles, membership and two-factor state in one query, shared by the access check, the staff
        // and admin checks, the two-factor filter and the layout; the results come from the index.
        Assert.Equal(1, site.SqlCommands.Count);
    }

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
