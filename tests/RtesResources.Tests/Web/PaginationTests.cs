using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Web;

/// <summary>A catalogue of 45 added resources plus the 8 of the seed: three pages of 20.</summary>
public sealed class PaginatedSite : RtesWebFactory, IAsyncLifetime
{
    public const int Added = 45;

    // Query-count tests run on this site: the index worker's own reads must not be counted.
    public PaginatedSite() => SearchPollInterval = TimeSpan.FromHours(1);

    public async Task InitializeAsync()
    {
        await WithDbAsync(async db =>
        {
            var fiche = await db.ResourceKinds.SingleAsync(k => k.Slug == "fiche");
            for (var i = 1; i <= Added; i++)
            {
                db.Resources.Add(new Resource
                {
                    Slug = $"fiche-pratique-{i:00}",
                    Title = $"Fiche pratique {i:00}",
                    Kind = fiche,
                    SummaryMarkdown = $"Résumé de la fiche pratique numéro {i}.",
                    BodyMarkdown = "Corps.",
                    PublishedOn = new DateOnly(2022, 1, 1).AddDays(i),
                    PublishAt = new DateTime(2022, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i),
                });
            }

            await db.SaveChangesAsync();
        });
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public class PaginationTests(PaginatedSite site) : IClassFixture<PaginatedSite>
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task ShowsTwentyPerPageNewestFirst()
    {
        var first = await _client.GetDocumentAsync("/ressources");
        var third = await _client.GetDocumentAsync("/ressources?page=3");

        Assert.Equal(20, first.CardSlugs().Count);
        Assert.Equal("fiche-pratique-45", first.CardSlugs()[0]);
        Assert.Equal(13, third.CardSlugs().Count);
        Assert.Equal(DemoSlugs.Video, third.CardSlugs()[^1]);
        Assert.Contains("page 3 sur 3", third.QuerySelector("#titre-resultats")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesDoNotOverlapAndCoverEverything()
    {
        var all = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            all.AddRange((await _client.GetDocumentAsync($"/ressources?page={page}")).CardSlugs());
        }

        Assert.Equal(PaginatedSite.Added + 8, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task PagerKeepsFiltersAndMarksTheCurrentPage()
    {
        var page = await _client.GetDocumentAsync("/ressources?type=fiche&page=2");

        var pager = page.QuerySelector("nav.pager")!;
        Assert.Equal("/ressources?type=fiche&page=2", pager.QuerySelector("a[aria-current=page]")?.GetAttribute("href"));
        Assert.Equal("/ressources?type=fiche", pager.QuerySelector("a[rel=prev]")?.GetAttribute("href"));
        Assert.Equal("/ressources?type=fiche&page=3", pager.QuerySelector("a[rel=next]")?.GetAttribute("href"));
    }

    [Fact]
    public async Task PageBeyondTheLastShowsTheLast()
    {
        var page = await _client.GetDocumentAsync("/ressources?page=999999999");

        Assert.Equal(13, page.CardSlugs().Count);
        Assert.Null(page.QuerySelector("a[rel=next]"));
    }
}
