using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Web;

/// <summary>
/// Anonymous public pages are output-cached (ADR-010): a repeat costs no SQL, signed-in people never
/// read or fill the cache, and a change shows on the very next request.
/// </summary>
public class PageCacheTests
{
    private const string MemberEmail = "agent@ville-membre.fr";

    [Theory]
    [InlineData("/")]
    [InlineData("/ressources?q=economie&type=fiche")]
    [InlineData("/ressources/" + DemoSlugs.Departements)]
    public async Task SecondAnonymousRequestIsServedFromTheCache(string url)
    {
        // No index poll between the two requests: its read of the change table would be counted.
        using var site = new RtesWebFactory { SearchPollInterval = TimeSpan.FromHours(1) };
        using var client = site.CreateClient();

        var first = await client.GetStringAsync(url);
        site.SqlCommands.Reset();
        var second = await client.GetStringAsync(url);

        Assert.Equal(0, site.SqlCommands.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task CatalogueVariesByTheWholeQueryString()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        var all = await client.GetDocumentAsync("/ressources");

        site.SqlCommands.Reset();
        var fiches = await client.GetDocumentAsync("/ressources?type=fiche");

        Assert.True(site.SqlCommands.Count > 0);
        Assert.NotEqual(all.CardSlugs(), fiches.CardSlugs());
    }

    [Fact]
    public async Task NothingPersonalEntersTheCacheSignedInFirst()
    {
        using var site = await MemberSiteAsync();
        using var member = await site.SignedInClientAsync(MemberEmail);
        using var anonymous = site.CreateClient();

        using var privatePage = await member.GetAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        using var catalogue = await member.GetAsync("/ressources");
        Assert.Contains(DemoSlugs.PrivateBodyOnlyPhrase, await privatePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Se déconnecter", await catalogue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertNoStore(privatePage);
        AssertNoStore(catalogue);

        await member.PostFormAsync("/compte", "/compte/deconnexion", []);
        foreach (var client in new[] { member, anonymous })
        {
            AssertAnonymousPage(await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected));
            AssertAnonymousPage(await client.GetStringAsync("/ressources"));
        }
    }

    [Fact]
    public async Task NothingPersonalEntersTheCacheAnonymousFirst()
    {
        using var site = await MemberSiteAsync();
        using var anonymous = site.CreateClient();
        AssertAnonymousPage(await anonymous.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected));
        AssertAnonymousPage(await anonymous.GetStringAsync("/ressources"));
        using var member = await site.SignedInClientAsync(MemberEmail);

        site.SqlCommands.Reset();
        var privatePage = await member.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        var catalogue = await member.GetStringAsync("/ressources");

        Assert.True(site.SqlCommands.Count > 0, "A signed-in request must not be answered from the cache.");
        Assert.Contains(DemoSlugs.PrivateBodyOnlyPhrase, privatePage, StringComparison.Ordinal);
        Assert.Contains("Se déconnecter", catalogue, StringComparison.Ordinal);
        AssertAnonymousPage(await anonymous.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected));
    }

    [Fact]
    public async Task ASignInCookieThatNoLongerAuthenticatesBypassesTheCache()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        const string url = "/ressources/" + DemoSlugs.Study;

        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Cookie", "rtes.auth=expired-or-forged");
            site.SqlCommands.Reset();
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(site.SqlCommands.Count > 0);
            AssertNoStore(response);
        }

        site.SqlCommands.Reset();
        await client.GetStringAsync(url);
        Assert.True(site.SqlCommands.Count > 0, "The bypassed responses must not have been stored.");
    }

    [Fact]
    public async Task NotFoundAndStaffPreviewsAreNeverStored()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("editrice@rtes.fr");
        using var anonymous = site.CreateClient();
        await site.WithDbAsync(async db =>
        {
            (await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study)).PublishAt = null;
            await db.SaveChangesAsync();
        });

        using var preview = await editor.GetAsync("/ressources/" + DemoSlugs.Study);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        AssertNoStore(preview);
        using var missing = await anonymous.GetAsync("/ressources/" + DemoSlugs.Study);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        site.SqlCommands.Reset();
        using var again = await anonymous.GetAsync("/ressources/" + DemoSlugs.Study);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.True(site.SqlCommands.Count > 0);
    }

    [Fact]
    public async Task EditsShowOnTheNextRequestOnThePageItsCardsAndTheLists()
    {
        using var site = new RtesWebFactory();
        using var anonymous = site.CreateClient();
        var (page, shown) = await PageWithRelatedAsync(anonymous);
        await anonymous.GetStringAsync("/");
        await anonymous.GetStringAsync("/ressources");
        await anonymous.GetStringAsync("/ressources/" + shown);

        await site.WithDbAsync(async db =>
        {
            (await db.Resources.SingleAsync(r => r.Slug == shown)).Title = "Titre changé pour le cache";
            await db.SaveChangesAsync();
        });

        Assert.Contains("Titre changé pour le cache", (await anonymous.GetDocumentAsync("/ressources/" + shown)).QuerySelector("h1")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Titre changé pour le cache", (await anonymous.GetDocumentAsync("/ressources/" + page)).CardTitles());
        Assert.Contains("Titre changé pour le cache", await anonymous.GetStringAsync("/ressources"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnrelatedPageStaysCachedWhenAnotherResourceIsEdited()
    {
        // The edit is applied to the index at once by this process; a poll of the change table would be counted.
        using var site = new RtesWebFactory { SearchPollInterval = TimeSpan.FromHours(1) };
        using var anonymous = site.CreateClient();
        var (page, shown) = await PageWithRelatedAsync(anonymous);
        var unrelated = await site.WithDbAsync(db => db.Resources
            .Where(r => r.Slug != page && r.Slug != shown && r.PublishAt != null && r.DeletedAt == null)
            .Select(r => r.Slug).FirstAsync());
        var unrelatedHtml = await anonymous.GetStringAsync("/ressources/" + unrelated);
        Assert.DoesNotContain("/ressources/" + shown + "\"", unrelatedHtml, StringComparison.Ordinal);

        await site.WithDbAsync(async db =>
        {
            (await db.Resources.SingleAsync(r => r.Slug == shown)).Title = "Autre titre";
            await db.SaveChangesAsync();
        });
        site.SqlCommands.Reset();
        await anonymous.GetStringAsync("/ressources/" + unrelated);

        Assert.Equal(0, site.SqlCommands.Count);
    }

    [Fact]
    public async Task AddingAnAttachmentShowsOnTheCachedPage()
    {
        using var site = new RtesWebFactory();
        using var anonymous = site.CreateClient();
        var before = await anonymous.GetDocumentAsync("/ressources/" + DemoSlugs.Study);

        await site.WithDbAsync(async db =>
        {
            db.Attachments.Add(new Attachment
            {
                Id = Guid.NewGuid(),
                ResourceId = await db.Resources.Where(r => r.Slug == DemoSlugs.Study).Select(r => r.Id).SingleAsync(),
                Label = "Annexe ajoutée",
                FileName = "annexe.pdf",
                ContentType = "application/pdf",
                Sha256 = new string('1', 64),
                StorageKey = new string('b', 32) + ".bin",
            });
            await db.SaveChangesAsync();
        });

        Assert.DoesNotContain("Annexe ajoutée", before.MainText(), StringComparison.Ordinal);
        Assert.Contains("Annexe ajoutée", (await anonymous.GetDocumentAsync("/ressources/" + DemoSlugs.Study)).MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishingUnpublishingBinningAndPurgingShowOnTheNextRequest()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("editrice@rtes.fr");
        using var anonymous = site.CreateClient();
        var (page, shown) = await PageWithRelatedAsync(anonymous);
        var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == shown).Select(r => r.Id).SingleAsync());

        await CacheAllAsync();
        await PublicationAsync("depublier");
        await AssertGoneAsync();

        await CacheAllAsync();
        await PublicationAsync("publier");
        await AssertBackAsync();

        await CacheAllAsync();
        await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/corbeille", []);
        await AssertGoneAsync();

        await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/restaurer", []);
        await AssertBackAsync();

        await CacheAllAsync();
        await site.WithDbAsync(async db =>
        {
            db.Resources.Remove(await db.Resources.SingleAsync(r => r.Id == id));
            await db.SaveChangesAsync();
        });
        await AssertGoneAsync();

        async Task CacheAllAsync()
        {
            foreach (var url in new[] { "/", "/ressources", "/ressources/" + page, "/ressources/" + shown })
            {
                await anonymous.GetAsync(url);
            }
        }

        async Task PublicationAsync(string mode)
        {
            var version = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
            using var response = await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = mode, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        async Task AssertGoneAsync()
        {
            using var response = await anonymous.GetAsync("/ressources/" + shown);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain(shown, (await anonymous.GetDocumentAsync("/ressources/" + page)).CardSlugs());
            Assert.DoesNotContain(shown, (await anonymous.GetDocumentAsync("/ressources")).CardSlugs());
        }

        async Task AssertBackAsync()
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/" + shown)).StatusCode);
            Assert.Contains(shown, (await anonymous.GetDocumentAsync("/ressources/" + page)).CardSlugs());
            Assert.Contains(shown, (await anonymous.GetDocumentAsync("/ressources")).CardSlugs());
        }
    }

    [Fact]
    public async Task ScheduledResourceAppearsOnCachedPagesWhenItsTimeComes()
    {
        var start = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        using var site = new RtesWebFactory { Clock = clock };
        await site.WithDbAsync(async db =>
        {
            db.Resources.Add(new Resource
            {
                Slug = "programmee-pour-le-cache",
                Title = "Programmée pour le cache",
                KindId = await db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Id).SingleAsync(),
                SummaryMarkdown = "Une ressource programmée.",
                PublishedOn = new DateOnly(2026, 11, 27),
                PublishAt = start.UtcDateTime.AddMinutes(5),
            });
            await db.SaveChangesAsync();
        });
        using var anonymous = site.CreateClient();
        Assert.DoesNotContain("programmee-pour-le-cache", (await anonymous.GetDocumentAsync("/")).CardSlugs());
        Assert.DoesNotContain("programmee-pour-le-cache", (await anonymous.GetDocumentAsync("/ressources")).CardSlugs());

        clock.Advance(TimeSpan.FromMinutes(4));
        site.SqlCommands.Reset();
        Assert.DoesNotContain("programmee-pour-le-cache", (await anonymous.GetDocumentAsync("/ressources")).CardSlugs());
        Assert.Equal(0, site.SqlCommands.Count);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains("programmee-pour-le-cache", (await anonymous.GetDocumentAsync("/")).CardSlugs());
        Assert.Contains("programmee-pour-le-cache", (await anonymous.GetDocumentAsync("/ressources")).CardSlugs());
    }

    [Fact]
    public async Task PagesLiveAsLongAsConfigured()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        using var configured = site.WithWebHostBuilder(b => b.UseSetting("PageCache:Minutes", "3"));
        using var anonymous = configured.CreateClient();
        await anonymous.GetStringAsync("/ressources/" + DemoSlugs.Study);

        clock.Advance(TimeSpan.FromMinutes(2));
        site.SqlCommands.Reset();
        await anonymous.GetStringAsync("/ressources/" + DemoSlugs.Study);
        var withinLifetime = site.SqlCommands.Count;

        clock.Advance(TimeSpan.FromMinutes(2));
        site.SqlCommands.Reset();
        await anonymous.GetStringAsync("/ressources/" + DemoSlugs.Study);

        Assert.Equal(0, withinLifetime);
        Assert.True(site.SqlCommands.Count > 0);
    }

    [Fact]
    public async Task ACachedVideoPageStillAllowsItsPlayer()
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var video = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Video);
            db.ResourceLinks.Add(new ResourceLink { Resource = video, Kind = LinkKind.Video, Label = "Présentation du RTES", Url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ" });
            await db.SaveChangesAsync();
        });
        using var client = site.CreateClient();
        using var first = await client.GetAsync("/ressources/" + DemoSlugs.Video);

        site.SqlCommands.Reset();
        using var cached = await client.GetAsync("/ressources/" + DemoSlugs.Video);
        var commands = site.SqlCommands.Count;
        using var other = await client.GetAsync("/ressources/" + DemoSlugs.Study);

        Assert.Equal(0, commands);
        Assert.Contains("frame-src https://www.youtube-nocookie.com", string.Join(' ', cached.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.DoesNotContain("frame-src", string.Join(' ', other.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", cached.Headers.GetValues("X-Content-Type-Options").Single());
    }

    private static async Task<RtesWebFactory> MemberSiteAsync()
    {
        var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Membre", new DateOnly(2099, 12, 31));
        await site.AddUserAsync(MemberEmail, Roles.Member, "Ville Membre");
        return site;
    }

    /// <summary>A resource page and the slug of the first related resource it shows.</summary>
    private static async Task<(string Page, string Shown)> PageWithRelatedAsync(HttpClient client)
    {
        var page = await client.GetDocumentAsync("/ressources/" + DemoSlugs.Departements);
        var shown = page.CardSlugs().FirstOrDefault(s => s != DemoSlugs.Departements);
        Assert.NotNull(shown);
        return (DemoSlugs.Departements, shown);
    }

    /// <summary>
    /// No cache may keep it: "private, no-store" from the page cache, or "no-cache, no-store" when the
    /// page carries an antiforgery token (the logout form), which is as strict for shared caches.
    /// </summary>
    private static void AssertNoStore(HttpResponseMessage response) =>
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control with no-store expected, got \"{response.Headers.CacheControl}\".");

    private static void AssertAnonymousPage(string html)
    {
        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, html, StringComparison.Ordinal);
        Assert.DoesNotContain(MemberEmail, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Se déconnecter", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/compte/deconnexion", html, StringComparison.Ordinal);
        Assert.Contains("Espace adhérent", html, StringComparison.Ordinal);
    }
}
