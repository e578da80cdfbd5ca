using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Operations;

/// <summary>
/// Two instances of the site on one database and one real Redis server (ADR-022): the page cache and
/// the rate limits are theirs together. The instances read the change table only once an hour here,
/// so that what one sees of the other's edits comes through Redis, not through the database.
/// </summary>
public sealed class SharedRedisTests : IDisposable
{
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    [RedisFact]
    public async Task APageEditedOnOneInstanceIsFreshOnTheOtherAtOnce()
    {
        var (first, second) = Pair(new RedisServer());
        const string url = "/ressources/" + DemoSlugs.Study;
        using var onFirst = first.CreateClient();
        using var onSecond = second.CreateClient();
        var original = Title(await onFirst.GetStringAsync(url));

        // Changed behind both instances' backs (no save, no eviction): the second serves what the first cached.
        await first.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Study)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Title, "Titre changé sans prévenir")));
        Assert.Equal(original, Title(await onSecond.GetStringAsync(url)));

        // Edited on the second: its eviction empties the cache the first reads.
        await second.WithDbAsync(async db =>
        {
            var resource = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study);
            resource.Title = "Étude revue sur la seconde instance";
            await db.SaveChangesAsync();
        });

        Assert.Equal("Étude revue sur la seconde instance", Title(await onFirst.GetStringAsync(url)));
    }

    [RedisFact]
    public async Task TheApiLimitIsCountedAcrossInstances()
    {
        var (first, second) = Pair(new RedisServer(), apiRequestsPerMinute: 4);
        using var onFirst = first.CreateClient();
        using var onSecond = second.CreateClient();

        foreach (var client in new[] { onFirst, onSecond, onFirst, onSecond })
        {
            using var ok = await client.GetAsync("/api/v1/types");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        // Each has answered two requests of the four allowed: the fifth is refused on either.
        foreach (var client in new[] { onFirst, onSecond })
        {
            using var refused = await client.GetAsync("/api/v1/types");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
            using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
            Assert.Contains("réessayez", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // The API's count is its own: the pages' limits do not share it.
        using var page = await onFirst.GetAsync("/ressources");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [RedisFact]
    public async Task AccountFormPostsAreCountedAcrossInstances()
    {
        var (first, second) = Pair(new RedisServer(), formPostsPerMinute: 2);
        using var onFirst = first.CreateClient();
        using var onSecond = second.CreateClient();
        var form = new Dictionary<string, string> { ["Email"] = "personne@exemple.fr" };

        using (var one = await onFirst.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", form))
        using (var two = await onSecond.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", form))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
            Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        }

        using var third = await onFirst.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", form);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("Trop de demandes", Html.Parse(await third.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent);
    }

    [RedisFact]
    public async Task WithRedisAwayTheSiteIsNotReadyYetServesPagesAndCountsLimitsAlone()
    {
        var redis = new RedisServer();
        _owned.Add(redis);
        var site = Own(new RtesWebFactory { SeedDemoData = false, RedisConfiguration = redis.Configuration, RedisInstanceName = Prefix(), ApiRequestsPerMinute = 3 });
        using var client = site.CreateClient();
        using (var ready = await client.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        using (var counted = await client.GetAsync("/api/v1/types"))
        {
            Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        }

        redis.Stop();

        var status = await Eventually.ValueAsync(
            async () => { using var response = await client.GetAsync("/healthz/ready"); return response.StatusCode; },
            s => s == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);

        // Alive all the same: its pages are rendered without the cache.
        using var live = await client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        using var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);

        // The API's limit is counted by this instance alone, from zero, as without Redis: neither an
        // error nor an open door.
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/types");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/types");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Theory]
    [InlineData("password=sans-serveur")]
    [InlineData("127.0.0.1:6379,motdepasse=x")]
    public void AnUnusableRedisConfigurationStopsTheStartWithOneFrenchLine(string configuration)
    {
        var site = Own(new RtesWebFactory { SeedDemoData = false, RedisConfiguration = configuration });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => site.CreateClient());

        Assert.StartsWith("Configuration invalide : Redis:Configuration doit être une configuration StackExchange.Redis", RtesResources.Web.Infrastructure.StartupFailure.Describe(error), StringComparison.Ordinal);
    }

    private (RtesWebFactory First, RtesWebFactory Second) Pair(RedisServer redis, int? apiRequestsPerMinute = null, int formPostsPerMinute = 1000)
    {
        _owned.Add(redis);
        var prefix = Prefix();
        var first = Own(new RtesWebFactory { RedisConfiguration = redis.Configuration, RedisInstanceName = prefix, SearchPollInterval = NoPolling, ApiRequestsPerMinute = apiRequestsPerMinute, FormPostsPerMinute = formPostsPerMinute });
        first.CreateClient().Dispose();
        var second = Own(new RtesWebFactory { DatabasePath = first.DatabasePath, SeedDemoData = false, RedisConfiguration = redis.Configuration, RedisInstanceName = prefix, SearchPollInterval = NoPolling, ApiRequestsPerMinute = apiRequestsPerMinute, FormPostsPerMinute = formPostsPerMinute });
        second.CreateClient().Dispose();
        return (first, second);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static string Prefix() => $"test-{Guid.NewGuid():N}:";

    private static string Title(string html) => Html.Parse(html).QuerySelector("h1")!.TextContent.Trim();
}
