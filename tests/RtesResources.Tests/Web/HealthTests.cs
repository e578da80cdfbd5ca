using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Web;

/// <summary>
/// /healthz/live says the process answers; /healthz/ready (and /healthz) that it may be sent traffic:
/// the database answers with every migration applied, the search index is ready and the storage is
/// reachable. A load balancer keeps an instance that is alive but not ready out of rotation.
/// </summary>
public sealed class HealthTests
{
    [Fact]
    public async Task AStartedSiteIsLiveAndReady()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(client, "/healthz/live"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(client, "/healthz/ready"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(client, "/healthz"));
    }

    [Fact]
    public async Task WhileTheIndexIsBeingBuiltTheSiteIsLiveButNotReady()
    {
        // Its index never opened: the state of an instance still building it.
        using var site = new RtesWebFactory { OpenSearchIndex = false };
        using var client = site.CreateClient();

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(client, "/healthz/live"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(client, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(client, "/healthz")).Status);
        // The catalogue still answers meanwhile, from the database.
        Assert.NotEmpty((await client.GetDocumentAsync("/ressources?q=ess")).CardSlugs());

        await site.Services.GetRequiredService<SearchIndex>().OpenAsync(CancellationToken.None);
        site.Services.GetRequiredService<SearchWarmUp>().Run(CancellationToken.None);

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(client, "/healthz/ready"));
    }

    [Fact]
    public async Task UntilItsSearchIsWarmedUpTheSiteIsNotReadyAndTheWarmUpLeavesNoResultsBehind()
    {
        using var site = new RtesWebFactory { OpenSearchIndex = false, WarmUpSearches = 60 };
        using var client = site.CreateClient();
        var index = site.Services.GetRequiredService<SearchIndex>();
        await index.OpenAsync(CancellationToken.None);

        // The index answers, but the first searches would run cold: not ready yet.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(client, "/healthz/ready"));

        Assert.Equal(60, site.Services.GetRequiredService<SearchWarmUp>().Run(CancellationToken.None));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(client, "/healthz/ready"));

        // Words, phrases and exclusions, with and without filters and private access, were searched...
        var planned = SearchWarmUp.Plan(SearchWarmUp.Uncached(index), DateTime.UtcNow, 60);
        Assert.Equal(60, planned.Count);
        Assert.Contains(planned, r => r.Query.Phrases.Count > 0);
        Assert.Contains(planned, r => r.Query.Excluded.Count > 0);
        Assert.Contains(planned, r => r.Query.Words.Count == 2);
        Assert.Contains(planned, r => r.Criteria.KindId is not null);
        Assert.Contains(planned, r => r.Criteria.CanReadPrivate);
        Assert.Contains(planned, r => !r.Criteria.CanReadPrivate);
        Assert.Contains(planned, r => r.Sort == SearchSort.Date);
        // ...and none of them is kept for a visitor: their results and matches were not cached.
        var results = site.Services.GetRequiredService<SearchResultsCache>();
        var matches = site.Services.GetRequiredService<TextMatchCache>();
        index.Search(searcher =>
        {
            foreach (var request in planned)
            {
                Assert.Null(results.Find(searcher.IndexReader, request));
                Assert.False(matches.Holds(searcher.IndexReader, IndexCatalogue.TextMatchKey(request)));
            }

            return 0;
        });
    }

    [Fact]
    public async Task UnreachableStorageOrAMissingMigrationIsNotReady()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz/ready")).Status);

        var files = Path.Combine(Path.GetDirectoryName(site.DatabasePath)!, "files");
        Directory.Move(files, files + "-away");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(client, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz/live")).Status);
        Directory.Move(files + "-away", files);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz/ready")).Status);

        // As if this build had a migration the database has not had yet.
        var last = await site.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync());
        await site.WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM __EFMigrationsHistory WHERE MigrationId = {last.Last()}"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(client, "/healthz/ready"));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/healthz/live")).Status);
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
