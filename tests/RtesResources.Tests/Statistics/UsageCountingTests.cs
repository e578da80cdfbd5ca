using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Statistics;

namespace RtesResources.Tests.Statistics;

/// <summary>Views, downloads and searches without result, counted on the server without keeping anything about the visitor.</summary>
public class UsageCountingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly StartDay = new(2026, 11, 26);
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";
    private const string Safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15";
    private const string Edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

    [Fact]
    public async Task AViewIsCountedOncePerVisitorAndDayAlsoFromThePageCacheButNotForBotsHeadOrPrefetch()
    {
        using var site = new RtesWebFactory { Clock = new FakeTimeProvider(Start) };
        using var client = site.CreateClient();
        var page = "/ressources/" + DemoSlugs.Study;

        using var first = await SendAsync(client, HttpMethod.Get, page, Firefox);
        using var again = await SendAsync(client, HttpMethod.Get, page, Firefox);
        using var other = await SendAsync(client, HttpMethod.Get, page, Safari);
        using var crawler = await SendAsync(client, HttpMethod.Get, page, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        using var noAgent = await SendAsync(client, HttpMethod.Get, page, null);
        using var head = await SendAsync(client, HttpMethod.Head, page, Edge);
        using var prefetch = await SendAsync(client, HttpMethod.Get, page, Edge, ("Sec-Purpose", "prefetch;prerender"));
        using var oldPrefetch = await SendAsync(client, HttpMethod.Get, page, Edge, ("Purpose", "prefetch"));
        using var missing = await SendAsync(client, HttpMethod.Get, "/ressources/pas-une-ressource", Edge);
        await Flush(site);

        // HEAD is refused by the page's route (404) today; whatever it answers, it is not counted.
        Assert.All(new[] { first, again, other, crawler, noAgent, prefetch, oldPrefetch }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        // The second visitor's page came from the output cache: no action ran, and it still counts.
        Assert.NotNull(other.Headers.Age);
        Assert.Equal(new[] { (StartDay, 2) }, await ViewsAsync(site, DemoSlugs.Study));
        Assert.Equal(0, await site.WithDbAsync(db => db.ResourceViewDays.CountAsync(v => v.Resource.Slug != DemoSlugs.Study)));
    }

    [Fact]
    public async Task CountsAreAddedUpPerDayOnTheParisCalendarAcrossWrites()
    {
        var clock = new FakeTimeProvider(Start);
        using var site = new RtesWebFactory { Clock = clock };
        using var client = site.CreateClient();
        var page = "/ressources/" + DemoSlugs.Fiche3;

        (await SendAsync(client, HttpMethod.Get, page, Firefox)).Dispose();
        await Flush(site);
        (await SendAsync(client, HttpMethod.Get, page, Safari)).Dispose();
        await Flush(site);
        // 23:30 in Paris is still the same day; 00:30 the next, and the same visitor counts again.
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 22, 30, 0, TimeSpan.Zero));
        (await SendAsync(client, HttpMethod.Get, page, Edge)).Dispose();
        (await SendAsync(client, HttpMethod.Get, page, Firefox)).Dispose();
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero));
        (await SendAsync(client, HttpMethod.Get, page, Firefox)).Dispose();
        clock.Advance(TimeSpan.FromDays(3));
        (await SendAsync(client, HttpMethod.Get, page, Firefox)).Dispose();
        await Flush(site);

        Assert.Equal(new[] { (StartDay, 3), (StartDay.AddDays(1), 1), (StartDay.AddDays(4), 1) }, await ViewsAsync(site, DemoSlugs.Fiche3));
    }

    [Fact]
    public async Task ADownloadIsCountedOnceAndARangeContinuingItIsNot()
    {
        using var site = new RtesWebFactory { Clock = new FakeTimeProvider(Start) };
        using var client = site.CreateClient();
        var (id, url) = await PublicFileAsync(site);

        using var whole = await SendAsync(client, HttpMethod.Get, url, Firefox);
        using var again = await SendAsync(client, HttpMethod.Get, url, Firefox);
        using var continued = await SendAsync(client, HttpMethod.Get, url, Safari, ("Range", "bytes=100-"));
        using var fromStart = await SendAsync(client, HttpMethod.Get, url, Edge, ("Range", "bytes=0-99"));
        using var head = await SendAsync(client, HttpMethod.Head, url, "Mozilla/5.0 Other");
        using var bot = await SendAsync(client, HttpMethod.Get, url, "Mozilla/5.0 (compatible; bingbot/2.0)");
        await Flush(site);

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(HttpStatusCode.PartialContent, continued.StatusCode);
        Assert.Equal(HttpStatusCode.PartialContent, fromStart.StatusCode);
        var counts = await site.WithDbAsync(db => db.FileDownloadDays.Where(d => d.AttachmentId == id).Select(d => new { d.Day, d.Count }).ToListAsync());
        Assert.Equal((StartDay, 2), (Assert.Single(counts).Day, counts[0].Count));
        Assert.Equal(0, await site.WithDbAsync(db => db.PrivateDownloadDays.CountAsync()));
    }

    [Fact]
    public async Task PrivateDownloadsAreCountedPerCollectivityAndPurgedAfterAYear()
    {
        var clock = new FakeTimeProvider(Start);
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Lectrice", new DateOnly(2028, 12, 31));
        await site.AddUserAsync("lecteur@ville.fr", Roles.Member, "Ville Lectrice");
        await site.AddUserAsync("lectrice@ville.fr", Roles.Member, "Ville Lectrice");
        using var first = await site.SignedInClientAsync("lecteur@ville.fr");
        using var second = await site.SignedInClientAsync("lectrice@ville.fr");
        var url = await site.WithDbAsync(db => db.Attachments
            .Where(a => a.Resource.IsPrivate && a.DeletedAt == null && a.Resource.PublishAt != null && a.Resource.DeletedAt == null)
            .Select(a => "/fichiers/" + a.Id + "/" + a.FileName).FirstAsync());
        var collectivityId = await site.WithDbAsync(db => db.Collectivities.Where(c => c.Name == "Ville Lectrice").Select(c => c.Id).SingleAsync());

        using var one = await SendAsync(first, HttpMethod.Get, url, Firefox);
        using var two = await SendAsync(second, HttpMethod.Get, url, Safari);
        await Flush(site);
        // Counts of earlier days: by the time of the purge, 664, 366 and 365 days old.
        await site.WithDbAsync(async db =>
        {
            db.PrivateDownloadDays.Add(new() { CollectivityId = collectivityId, Day = StartDay.AddDays(-300), Count = 4 });
            db.PrivateDownloadDays.Add(new() { CollectivityId = collectivityId, Day = StartDay.AddDays(-2), Count = 1 });
            db.PrivateDownloadDays.Add(new() { CollectivityId = collectivityId, Day = StartDay.AddDays(-1), Count = 1 });
            await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        Assert.Equal(2, await site.WithDbAsync(db => db.PrivateDownloadDays.Where(d => d.Day == StartDay).SumAsync(d => d.Count)));

        // The background job purges on its own once the clock has moved past the year.
        clock.Advance(TimeSpan.FromDays(364));
        var left = await Eventually.ValueAsync(
            () => site.WithDbAsync(db => db.PrivateDownloadDays.OrderBy(d => d.Day).Select(d => d.Day).ToListAsync()),
            days => days.Count == 2,
            TimeSpan.FromSeconds(20));

        // Kept for a year (365 days), then gone.
        Assert.Equal(new[] { StartDay.AddDays(-1), StartDay }, left);
    }

    [Fact]
    public async Task CountsStillInMemoryAreWrittenWhenTheSiteStops()
    {
        using var site = new RtesWebFactory { Clock = new FakeTimeProvider(Start) };
        using var client = site.CreateClient();
        (await SendAsync(client, HttpMethod.Get, "/ressources/" + DemoSlugs.Video, Firefox)).Dispose();
        // The clock is still: the worker's timer has not written anything yet.
        Assert.Empty(await ViewsAsync(site, DemoSlugs.Video));

        var worker = site.Services.GetServices<IHostedService>().OfType<StatisticsWorker>().Single();
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(new[] { (StartDay, 1) }, await ViewsAsync(site, DemoSlugs.Video));
    }

    [Fact]
    public async Task SearchesThatFoundNothingAreCountedPerWeekWithoutWhoSearched()
    {
        var clock = new FakeTimeProvider(Start);
        using var site = new RtesWebFactory { Clock = clock };
        using var client = site.CreateClient();

        (await SendAsync(client, HttpMethod.Get, "/ressources?q=Xylophone+Quantique", Firefox)).Dispose();
        // Same page for another visitor: served from the page cache, still counted.
        using var cached = await SendAsync(client, HttpMethod.Get, "/ressources?q=Xylophone+Quantique", Safari);
        (await SendAsync(client, HttpMethod.Get, "/ressources?q=xylophone+quantique&type=fiche", Safari)).Dispose();
        (await SendAsync(client, HttpMethod.Get, "/ressources?q=ESS", Firefox)).Dispose();
        (await SendAsync(client, HttpMethod.Get, "/ressources?q=zzzbot", "Googlebot/2.1")).Dispose();
        clock.Advance(TimeSpan.FromDays(7));
        (await SendAsync(client, HttpMethod.Get, "/ressources?q=XYLOPHONE+quantique", Edge)).Dispose();
        await Flush(site);

        Assert.NotNull(cached.Headers.Age);
        var weeks = await site.WithDbAsync(db => db.UnfoundSearchWeeks.OrderBy(s => s.WeekStart).Select(s => new { s.WeekStart, s.Text, s.Count }).ToListAsync());
        // Thursday 26 November 2026 is in the week of Monday 23 November.
        Assert.Equal(
            new[] { (new DateOnly(2026, 11, 23), "xylophone quantique", 2), (new DateOnly(2026, 11, 30), "xylophone quantique", 1) },
            weeks.Select(w => (w.WeekStart, w.Text, w.Count)));
    }

    internal static async Task Flush(RtesWebFactory site) => await site.Services.GetRequiredService<UsageWriter>().FlushAsync();

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string? userAgent, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    internal static async Task<(Guid Id, string Url)> PublicFileAsync(RtesWebFactory site) =>
        await site.WithDbAsync(db => db.Attachments
            .Where(a => !a.Resource.IsPrivate && a.DeletedAt == null && a.Resource.PublishAt != null && a.Resource.DeletedAt == null && a.Length > 200)
            .OrderBy(a => a.Id)
            .Select(a => new ValueTuple<Guid, string>(a.Id, "/fichiers/" + a.Id + "/" + a.FileName))
            .FirstAsync());

    private static async Task<List<(DateOnly, int)>> ViewsAsync(RtesWebFactory site, string slug) =>
        (await site.WithDbAsync(db => db.ResourceViewDays.Where(v => v.Resource.Slug == slug).OrderBy(v => v.Day).Select(v => new { v.Day, v.Count }).ToListAsync()))
            .Select(v => (v.Day, v.Count)).ToList();
}
