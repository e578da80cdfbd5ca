using System.Net;
using Microsoft.AspNetCore.Mvc.TagHelpers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Web;

/// <summary>
/// Viewers with private access share one rendering of a catalogue page's form and results (the page
/// cache never serves them): it must follow every change at once, and never reach anyone without access.
/// </summary>
public class MemberCatalogueRenderingTests
{
    private const string MemberEmail = "agent@ville-membre.fr";
    private const string PrivateSearch = "/ressources?q=" + DemoSlugs.PrivateBodyOnlyWord;

    [Fact]
    public async Task MembersShareOneRenderingAndAnonymousPagesAreNotKeptTwice()
    {
        using var site = await MemberSiteAsync();
        await site.AddUserAsync("collegue@ville-membre.fr", Roles.Member, "Ville Membre");
        using var anonymous = site.CreateClient();
        using var member = await site.SignedInClientAsync(MemberEmail);
        using var colleague = await site.SignedInClientAsync("collegue@ville-membre.fr");

        await anonymous.GetStringAsync("/ressources?acces=adherents");
        var keptForAnonymous = RenderingsKept(site);
        var first = await member.GetDocumentAsync("/ressources?acces=adherents");
        var keptForMember = RenderingsKept(site);
        var second = await colleague.GetDocumentAsync("/ressources?acces=adherents");

        Assert.Equal(0, keptForAnonymous);
        Assert.Equal(1, keptForMember);
        Assert.Equal(1, RenderingsKept(site));
        Assert.Equal(first.QuerySelector("main")!.InnerHtml, second.QuerySelector("main")!.InnerHtml);
        // What is per person stays outside: each page carries its own logout form's token.
        Assert.NotEqual(Token(first), Token(second));
    }

    [Fact]
    public async Task ASharedRenderingNeverReachesSomeoneWithoutAccess()
    {
        using var site = await MemberSiteAsync();
        await site.AddCollectivityAsync("Ville Sortie", null);
        await site.AddUserAsync("agent@ville-sortie.fr", Roles.Member, "Ville Sortie");
        using var member = await site.SignedInClientAsync(MemberEmail);
        using var formerMember = await site.SignedInClientAsync("agent@ville-sortie.fr");
        using var anonymous = site.CreateClient();

        var shared = await member.GetDocumentAsync(PrivateSearch);
        Assert.Equal([DemoSlugs.PrivateNewElected], shared.CardSlugs());
        Assert.Equal(1, RenderingsKept(site));

        foreach (var client in new[] { formerMember, anonymous })
        {
            var page = await client.GetDocumentAsync(PrivateSearch);
            Assert.Empty(page.CardSlugs());
            Assert.Contains("Aucune ressource", page.MainText(), StringComparison.Ordinal);
        }

        Assert.Equal(1, RenderingsKept(site));
    }

    [Fact]
    public async Task ALapsedMembershipEndsTheSharedPageOnTheNextRequest()
    {
        // 31 December 2026, 23:30 in Paris (UTC+1): the membership's last day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 22, 30, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Annuelle", new DateOnly(2026, 12, 31));
        await site.AddCollectivityAsync("Ville Durable", new DateOnly(2099, 12, 31));
        await site.AddUserAsync("agent@ville-annuelle.fr", Roles.Member, "Ville Annuelle");
        await site.AddUserAsync("agent@ville-durable.fr", Roles.Member, "Ville Durable");
        using var lapsing = await site.SignedInClientAsync("agent@ville-annuelle.fr");
        using var staying = await site.SignedInClientAsync("agent@ville-durable.fr");

        var before = await lapsing.GetDocumentAsync(PrivateSearch);
        clock.Advance(TimeSpan.FromMinutes(45));
        // The page is kept again for the member who still has access, then asked by the one who lost it.
        var stillShared = await staying.GetDocumentAsync(PrivateSearch);
        var after = await lapsing.GetDocumentAsync(PrivateSearch);

        Assert.Equal([DemoSlugs.PrivateNewElected], before.CardSlugs());
        Assert.Equal([DemoSlugs.PrivateNewElected], stillShared.CardSlugs());
        Assert.Empty(after.CardSlugs());
    }

    [Fact]
    public async Task EditsPublicationAndUnpublicationShowAtOnce()
    {
        using var site = await MemberSiteAsync();
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("editrice@rtes.fr");
        using var member = await site.SignedInClientAsync(MemberEmail);
        const string url = "/ressources?acces=adherents";
        var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.PrivateNewElected).Select(r => r.Id).SingleAsync());
        Assert.Contains(DemoSlugs.PrivateNewElected, (await member.GetDocumentAsync(url)).CardSlugs());

        await site.WithDbAsync(async db =>
        {
            (await db.Resources.SingleAsync(r => r.Id == id)).Title = "Titre changé pour les adhérents";
            await db.SaveChangesAsync();
        });
        Assert.Contains("Titre changé pour les adhérents", (await member.GetDocumentAsync(url)).CardTitles());

        await PublicationAsync("depublier");
        Assert.DoesNotContain(DemoSlugs.PrivateNewElected, (await member.GetDocumentAsync(url)).CardSlugs());

        await PublicationAsync("publier");
        Assert.Contains(DemoSlugs.PrivateNewElected, (await member.GetDocumentAsync(url)).CardSlugs());

        async Task PublicationAsync(string mode)
        {
            var version = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
            using var response = await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = mode, ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }
    }

    [Fact]
    public async Task AScheduledResourceAppearsOnMemberPagesWhenItsTimeComes()
    {
        // Within a minute, so that the term lists are not reloaded meanwhile: only the results' end
        // at the scheduled publication can make the page rendered again.
        var start = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(start);
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Membre", new DateOnly(2099, 12, 31));
        await site.AddUserAsync(MemberEmail, Roles.Member, "Ville Membre");
        await site.WithDbAsync(async db =>
        {
            db.Resources.Add(new Resource
            {
                Slug = "programmee-pour-les-adherents",
                Title = "Programmée pour les adhérents",
                KindId = await db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Id).SingleAsync(),
                SummaryMarkdown = "Une ressource réservée et programmée.",
                IsPrivate = true,
                PublishedOn = new DateOnly(2026, 11, 27),
                PublishAt = start.UtcDateTime.AddSeconds(30),
            });
            await db.SaveChangesAsync();
        });
        using var member = await site.SignedInClientAsync(MemberEmail);
        const string url = "/ressources?acces=adherents";

        Assert.DoesNotContain("programmee-pour-les-adherents", (await member.GetDocumentAsync(url)).CardSlugs());
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.DoesNotContain("programmee-pour-les-adherents", (await member.GetDocumentAsync(url)).CardSlugs());
        Assert.Equal(1, RenderingsKept(site));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("programmee-pour-les-adherents", (await member.GetDocumentAsync(url)).CardSlugs());
    }

    [Fact]
    public void EverythingAPageIsRenderedFromMakesADifferentKey()
    {
        var terms = new CatalogueTermLists([], [], []);
        var results = new CatalogueResults(3, 1, [], new Dictionary<int, int>(), new Dictionary<int, int>(), new Dictionary<int, int>(), new Dictionary<bool, int>(), new Dictionary<int, int>(), null) { Generation = 7 };
        var filter = new CatalogueFilter { Query = "tiers lieux" };
        var speaker = new Speaker { Id = 1, Slug = "une-intervenante", Name = "Une intervenante" };
        string?[] keys =
        [
            Key(results, terms, filter, null, []),
            Key(results with { Generation = 8 }, terms, filter, null, []),
            Key(results, new CatalogueTermLists([], [], []), filter, null, []),
            Key(results, terms, filter with { Query = "Tiers lieux" }, null, []),
            Key(results, terms, filter with { Query = "tiers" }, null, []),
            Key(results, terms, filter with { Query = "tiers|", Kind = "lieux" }, null, []),
            Key(results, terms, filter with { Kind = "fiche" }, null, []),
            Key(results, terms, filter with { Category = "fiche" }, null, []),
            Key(results, terms, filter with { Year = 2024 }, null, []),
            Key(results, terms, filter with { Access = AccessFilter.Public }, null, []),
            Key(results, terms, filter with { Access = AccessFilter.MembersOnly }, null, []),
            Key(results, terms, filter with { Speaker = "une-intervenante" }, null, []),
            Key(results, terms, filter with { Speaker = "une-intervenante" }, speaker, []),
            Key(results, terms, filter with { Speaker = "une-intervenante" }, new Speaker { Id = 1, Slug = speaker.Slug, Name = "Nom changé" }, []),
            Key(results, terms, filter with { Series = "kit" }, null, []),
            Key(results, terms, filter with { Page = 2 }, null, []),
            Key(results, terms, filter with { Sort = SearchSort.Date }, null, []),
            Key(results, terms, filter with { Sort = SearchSort.Relevance }, null, []),
            Key(results, terms, filter, null, ["Le type de ressource demandé n'existe pas : ce filtre a été retiré."]),
            Key(results, terms, filter, null, ["a", "b"]),
            Key(results, terms, filter, null, ["a|b"]),
        ];

        Assert.All(keys, Assert.NotNull);
        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys[0], Key(results, terms, filter with { }, null, []));
        // Results computed for one request only are never shared, nor what is rendered from them.
        Assert.Null(Key(results with { Generation = 0 }, terms, filter, null, []));

        static string? Key(CatalogueResults found, CatalogueTermLists terms, CatalogueFilter filter, Speaker? speaker, IReadOnlyList<string> notices) =>
            CatalogueService.SharedRenderingKey(found, terms, filter, speaker, notices);
    }

    /// <summary>How many renderings the &lt;cache&gt; tag helper holds.</summary>
    private static int RenderingsKept(RtesWebFactory site) =>
        ((MemoryCache)site.Services.GetRequiredService<CacheTagHelperMemoryCacheFactory>().Cache).Count;

    private static string? Token(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

    private static async Task<RtesWebFactory> MemberSiteAsync()
    {
        var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Membre", new DateOnly(2099, 12, 31));
        await site.AddUserAsync(MemberEmail, Roles.Member, "Ville Membre");
        return site;
    }
}
