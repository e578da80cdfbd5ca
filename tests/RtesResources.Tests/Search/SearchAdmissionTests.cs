using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

/// <summary>
/// New searches run a few at a time; whatever is already kept (the same search seen before, another
/// page or filter of it, the catalogue without words) never waits behind them.
/// </summary>
public sealed class SearchAdmissionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task OnlyTheLimitEntersAtOnceAndTheNextEntersWhenOneLeaves()
    {
        var admission = new SearchAdmission(Options.Create(new SearchOptions { ConcurrentNewSearches = 1 }));
        var first = await admission.EnterAsync(CancellationToken.None);

        var second = admission.EnterAsync(CancellationToken.None);
        Assert.NotSame(second, await Task.WhenAny(second, Task.Delay(Patience)));

        first.Dispose();
        first.Dispose();
        (await second).Dispose();

        // Released once only: the limit is still one.
        using var third = await admission.EnterAsync(CancellationToken.None);
        using var cancelled = new CancellationTokenSource(Patience);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => admission.EnterAsync(cancelled.Token));
    }

    [Fact]
    public void TheDefaultLeavesOneProcessorForEverythingElse() =>
        Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), SearchAdmission.Limit(new SearchOptions()));

    [Fact]
    public async Task ANewSearchWaitsItsTurnWhileKeptSearchesAndTheCatalogueDoNot()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        // Seen once: its matches are kept. Another page or filter of it replays them.
        await client.GetDocumentAsync("/ressources?q=economie");
        var admission = site.Services.GetRequiredService<SearchAdmission>();
        var held = new List<IDisposable>();
        for (var i = 0; i < SearchAdmission.Limit(new SearchOptions()); i++)
        {
            held.Add(await admission.EnterAsync(CancellationToken.None));
        }

        var newSearch = client.GetAsync("/ressources?q=recyclerie");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ressources?q=economie&type=fiche")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ressources?thematique=metropoles")).StatusCode);
        Assert.NotSame(newSearch, await Task.WhenAny(newSearch, Task.Delay(Patience)));

        held.ForEach(h => h.Dispose());

        using var response = await newSearch;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
