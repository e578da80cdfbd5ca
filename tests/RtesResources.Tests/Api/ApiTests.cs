using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Api;

/// <summary>One site for the API's read-only tests: the demo catalogue, an anonymous client and a current member's.</summary>
public sealed class ApiSite : RtesWebFactory, IAsyncLifetime
{
    public ApiSite()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    }

    public HttpClient Anonymous { get; private set; } = null!;

    public HttpClient Member { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await this.AddCollectivityAsync("Ville Adhérente", new DateOnly(2027, 6, 30));
        await this.AddUserAsync("membre@ville-adherente.fr", Roles.Member, "Ville Adhérente");

        // More than one page of results: 25 older fiches after the demo set.
        var published = await WithDbAsync(async db =>
        {
            var fiche = await db.ResourceKinds.SingleAsync(k => k.Slug == "fiche");
            for (var i = 1; i <= 25; i++)
            {
                db.Resources.Add(new Resource
                {
                    Slug = $"fiche-ancienne-{i}",
                    Title = $"Fiche ancienne n°{i}",
                    KindId = fiche.Id,
                    SummaryMarkdown = "Une fiche d'archive.",
                    PublishedOn = new DateOnly(2001, 1, i),
                    PublishAt = new DateTime(2001, 1, i, 0, 0, 0, DateTimeKind.Utc),
                });
            }

            await db.SaveChangesAsync();
            return await db.Resources.CountAsync(r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= Clock!.GetUtcNow().UtcDateTime);
        });
        await ApplySearchChangesAsync();
        using var client = CreateClient();
        Assert.Equal(published, JsonDocument.Parse(await client.GetStringAsync("/api/v1/ressources")).RootElement.GetProperty("totalCount").GetInt32());
        Anonymous = CreateClient(new() { AllowAutoRedirect = false });
        Member = await this.SignedInClientAsync("membre@ville-adherente.fr");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>The read API's contract: filters and paging from the catalogue, private fields, caching, CORS, origins and French problems.</summary>
public class ApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    [Fact]
    public async Task TheListIsTheCataloguesFirstPageWithAbsoluteAddressesAndLicences()
    {
        using var response = await site.Anonymous.GetAsync("/api/v1/ressources");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = await JsonAsync(response);
        var root = json.RootElement;

        var published = await site.WithDbAsync(db => db.Resources.CountAsync(r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= site.Clock!.GetUtcNow().UtcDateTime));
        Assert.Equal(published, root.GetProperty("totalCount").GetInt32());
        Assert.Equal(1, root.GetProperty("page").GetInt32());
        var items = root.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Math.Min(20, published), items.Count);
        var newest = await site.WithDbAsync(db => db.Resources.Where(r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= site.Clock!.GetUtcNow().UtcDateTime)
            .OrderByDescending(r => r.PublishedOn).ThenByDescending(r => r.Id).Select(r => r.Slug).Take(20).ToListAsync());
        Assert.Equal(newest, items.Select(i => i.GetProperty("slug").GetString()));
        Assert.All(items, i =>
        {
            Assert.Equal("http://localhost/ressources/" + i.GetProperty("slug").GetString(), i.GetProperty("url").GetString());
            Assert.Equal("http://localhost/api/v1/ressources/" + i.GetProperty("slug").GetString(), i.GetProperty("apiUrl").GetString());
            Assert.NotNull(Licences.Find(i.GetProperty("licence").GetProperty("code").GetString()));
        });
        Assert.Equal("http://localhost/api/v1/ressources?page=2", root.GetProperty("links").GetProperty("next").GetString());
        Assert.False(root.GetProperty("links").TryGetProperty("prev", out _));
    }

    [Fact]
    public async Task FiltersSearchAndPagingAreTheCatalogues()
    {
        using var fiches = await GetJsonAsync(site.Anonymous, "/api/v1/ressources?type=fiche");
        var kinds = fiches.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()).ToList();
        Assert.NotEmpty(kinds);
        Assert.All(kinds, k => Assert.Equal("Fiche", k));

        using var search = await GetJsonAsync(site.Anonymous, "/api/v1/ressources?q=m%C3%A9tropoles&tri=date");
        Assert.Contains(search.RootElement.GetProperty("items").EnumerateArray(), i => i.GetProperty("slug").GetString() == DemoSlugs.Study);
        Assert.Equal("date", search.RootElement.GetProperty("sort").GetString());

        using var second = await GetJsonAsync(site.Anonymous, "/api/v1/ressources?page=2");
        Assert.Equal(2, second.RootElement.GetProperty("page").GetInt32());
        Assert.Equal("http://localhost/api/v1/ressources", second.RootElement.GetProperty("links").GetProperty("prev").GetString());
        using var first = await GetJsonAsync(site.Anonymous, "/api/v1/ressources");
        Assert.Empty(first.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString())
            .Intersect(second.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString())));
    }

    [Fact]
    public async Task PrivateFieldsAreAbsentForAnonymousCallersAndPresentForAMemberOnTheSameOrigin()
    {
        var url = "/api/v1/ressources/" + DemoSlugs.PrivateNewElected;
        using (var anonymous = await GetJsonAsync(site.Anonymous, url))
        {
            var resource = anonymous.RootElement;
            Assert.True(resource.GetProperty("isPrivate").GetBoolean());
            Assert.False(resource.GetProperty("fullContent").GetBoolean());
            Assert.False(resource.TryGetProperty("bodyHtml", out _));
            Assert.False(resource.TryGetProperty("links", out _));
            Assert.False(resource.TryGetProperty("files", out _));
            Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, resource.GetRawText(), StringComparison.OrdinalIgnoreCase);
            Assert.Equal("tous-droits-reserves", resource.GetProperty("licence").GetProperty("code").GetString());
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "http://localhost");
        using var response = await site.Member.SendAsync(request);
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true, Public: false });
        using var member = await JsonAsync(response);
        Assert.True(member.RootElement.GetProperty("fullContent").GetBoolean());
        Assert.Contains(DemoSlugs.PrivateBodyOnlyPhrase, member.RootElement.GetProperty("bodyHtml").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(JsonValueKind.Array, member.RootElement.GetProperty("links").ValueKind);
        Assert.Equal(JsonValueKind.Array, member.RootElement.GetProperty("files").ValueKind);
    }

    [Theory]
    [InlineData("Origin", "https://autre-site.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task AMembersCookieFromAnotherOriginIsAnsweredAsAnonymous(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ressources/" + DemoSlugs.PrivateNewElected);
        request.Headers.Add(header, value);
        using var response = await site.Member.SendAsync(request);
        using var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(json.RootElement.GetProperty("fullContent").GetBoolean());
        Assert.False(json.RootElement.TryGetProperty("bodyHtml", out _));
        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, json.RootElement.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.CacheControl is { Public: true, NoStore: false });

        // A search from another origin does not reach private bodies either.
        using var search = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ressources?q=" + DemoSlugs.PrivateBodyOnlyWord);
        search.Headers.Add(header, value);
        using var searchResponse = await site.Member.SendAsync(search);
        using var found = await JsonAsync(searchResponse);
        Assert.Equal(0, found.RootElement.GetProperty("totalCount").GetInt32());
        using var sameOrigin = await GetJsonAsync(site.Member, "/api/v1/ressources?q=" + DemoSlugs.PrivateBodyOnlyWord);
        Assert.True(sameOrigin.RootElement.GetProperty("totalCount").GetInt32() > 0);
    }

    [Fact]
    public async Task AnAnswerCarriesAStrongETagAndIfNoneMatchGetsA304()
    {
        using var first = await site.Anonymous.GetAsync("/api/v1/ressources/" + DemoSlugs.Study);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.True(first.Headers.CacheControl is { Public: true, MaxAge.TotalSeconds: 60 });

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ressources/" + DemoSlugs.Study);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await site.Anonymous.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/ressources/" + DemoSlugs.Study);
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"autre\""));
        using var full = await site.Anonymous.SendAsync(other);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);

        using var list = await site.Anonymous.GetAsync("/api/v1/ressources?type=fiche");
        Assert.NotEqual(etag, list.Headers.ETag);
    }

    [Fact]
    public async Task CorsIsOpenForGetAndHeadWithoutCredentials()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/types");
        request.Headers.Add("Origin", "https://partenaire.example");
        using var response = await site.Anonymous.SendAsync(request);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/ressources");
        preflight.Headers.Add("Origin", "https://partenaire.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "if-none-match");
        using var allowed = await site.Anonymous.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("*", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.DoesNotContain("POST", string.Join(',', allowed.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);

        using var post = new HttpRequestMessage(HttpMethod.Options, "/api/v1/ressources");
        post.Headers.Add("Origin", "https://partenaire.example");
        post.Headers.Add("Access-Control-Request-Method", "POST");
        using var refused = await site.Anonymous.SendAsync(post);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));

        using var page = new HttpRequestMessage(HttpMethod.Get, "/ressources");
        page.Headers.Add("Origin", "https://partenaire.example");
        using var html = await site.Anonymous.SendAsync(page);
        Assert.False(html.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/api/v1/ressources?page=abc", 400, "page")]
    [InlineData("/api/v1/ressources?page=0", 400, "page")]
    [InlineData("/api/v1/ressources?page=-3", 400, "page")]
    [InlineData("/api/v1/ressources?page=99999999999999999999", 400, "page")]
    [InlineData("/api/v1/ressources?page=2147483647", 400, "page")]
    [InlineData("/api/v1/ressources?page=400", 400, "n'existe pas")]
    [InlineData("/api/v1/ressources?type=inconnu", 400, "type")]
    [InlineData("/api/v1/ressources?thematique=inconnue", 400, "thematique")]
    [InlineData("/api/v1/ressources?intervenant=personne", 400, "intervenant")]
    [InlineData("/api/v1/ressources?serie=aucune", 400, "serie")]
    [InlineData("/api/v1/ressources?acces=tous", 400, "acces")]
    [InlineData("/api/v1/ressources?annee=deux-mille", 400, "annee")]
    [InlineData("/api/v1/ressources?tri=titre", 400, "tri")]
    [InlineData("/api/v1/ressources/cette-ressource-n-existe-pas", 404, "Aucune ressource")]
    [InlineData("/api/v1/ressources/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404, "Aucune ressource")]
    [InlineData("/api/v1/ressources/..%2F..%2Fadmin", 404, "Aucune ressource")]
    [InlineData("/api/v1/rien/ici", 404, "ne connaît pas")]
    public async Task BadInputIsAFrenchProblemNeverA500(string url, int status, string expected)
    {
        using var response = await site.Anonymous.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = await JsonAsync(response);
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        Assert.Contains(expected, json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("title").GetString()));
    }

    [Theory]
    [InlineData("title:ess AND (metropole OR \"commune")]
    [InlineData("*:* ~2 ^10 [a TO z] {} \\ / ! ? +-&&||")]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("😀😀")]
    public async Task OddSearchesAreAnsweredNormally(string q)
    {
        using var response = await site.Anonymous.GetAsync("/api/v1/ressources?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = await JsonAsync(response);
        Assert.True(json.RootElement.GetProperty("totalCount").GetInt32() >= 0);
    }

    [Fact]
    public async Task ASearchOfTenThousandCharactersIsRefusedPolitely()
    {
        using var response = await site.Anonymous.GetAsync("/api/v1/ressources?q=" + new string('e', 10_000));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = await JsonAsync(response);
        Assert.Contains("200 caractères", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TermListsGiveAbsoluteAddressesThatFilterTheList()
    {
        foreach (var list in new[] { "types", "thematiques", "collections", "intervenants" })
        {
            using var json = await GetJsonAsync(site.Anonymous, "/api/v1/" + list);
            var terms = json.RootElement.EnumerateArray().ToList();
            Assert.NotEmpty(terms);
            Assert.All(terms, t => Assert.StartsWith("http://localhost/api/v1/ressources?", t.GetProperty("resourcesUrl").GetString(), StringComparison.Ordinal));
            using var filtered = await GetJsonAsync(site.Anonymous, terms[0].GetProperty("resourcesUrl").GetString()!);
            Assert.True(filtered.RootElement.GetProperty("totalCount").GetInt32() > 0, list);
        }
    }

    [Fact]
    public async Task SpeakersOfDraftsOnlyAreNotListed()
    {
        var draftOnly = await site.WithDbAsync(async db =>
        {
            var kind = await db.ResourceKinds.FirstAsync();
            var speaker = new Speaker { Slug = "intervenante-d-un-brouillon", Name = "Intervenante d'un brouillon" };
            var draft = new Resource { Slug = "brouillon-de-l-api", Title = "Brouillon de l'API", KindId = kind.Id, PublishedOn = new DateOnly(2026, 11, 1) };
            draft.Speakers.Add(new ResourceSpeaker { Speaker = speaker, Position = 0 });
            db.Resources.Add(draft);
            await db.SaveChangesAsync();
            return speaker.Slug;
        });

        using var json = await GetJsonAsync(site.Anonymous, "/api/v1/intervenants");
        Assert.DoesNotContain(json.RootElement.EnumerateArray(), s => s.GetProperty("slug").GetString() == draftOnly);
        using var draft = await site.Anonymous.GetAsync("/api/v1/ressources/brouillon-de-l-api");
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
    }

    [Fact]
    public async Task AnOldAddressRedirectsToTheCurrentOne()
    {
        await site.WithDbAsync(async db =>
        {
            var study = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study);
            db.ResourceSlugRedirects.Add(new ResourceSlugRedirect { OldSlug = "ancienne-adresse-de-l-etude", ResourceId = study.Id });
            await db.SaveChangesAsync();
        });

        using var response = await site.Anonymous.GetAsync("/api/v1/ressources/ancienne-adresse-de-l-etude");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("http://localhost/api/v1/ressources/" + DemoSlugs.Study, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheApiInFrench()
    {
        using var json = await GetJsonAsync(site.Anonymous, "/api/v1/openapi.json");
        var root = json.RootElement;
        Assert.Equal("API des ressources du RTES", root.GetProperty("info").GetProperty("title").GetString());
        var paths = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["/api/v1/collections", "/api/v1/intervenants", "/api/v1/ressources", "/api/v1/ressources/{slug}", "/api/v1/thematiques", "/api/v1/types"], paths);
        var list = root.GetProperty("paths").GetProperty("/api/v1/ressources").GetProperty("get");
        Assert.Equal("Lister et chercher les ressources", list.GetProperty("summary").GetString());
        Assert.Contains(list.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "thematique" && p.GetProperty("description").GetString()!.Contains("Thématique", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheReferencePageLoadsOnlyFromTheSiteUnderItsOwnPolicy()
    {
        using var response = await site.Anonymous.GetAsync("/api/v1/reference/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        // Scalar's template has no lang: the site adds it (axe: html-has-lang), and the title says what the page is.
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("API des ressources du RTES – référence", page.Title);

        var scripts = page.QuerySelectorAll("script").ToList();
        Assert.NotEmpty(scripts);
        var urls = scripts.Select(s => s.GetAttribute("src")).OfType<string>()
            .Concat(page.QuerySelectorAll("link[href]").Select(l => l.GetAttribute("href")!))
            .ToList();
        Assert.NotEmpty(urls);
        foreach (var url in urls)
        {
            var absolute = new Uri(new Uri("http://localhost/api/v1/reference/"), url);
            Assert.Equal("http://localhost", absolute.GetLeftPart(UriPartial.Authority));
            using var asset = await site.Anonymous.GetAsync(absolute.PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        }

        // The inline start-up script runs by its nonce, and no other host is allowed to serve or receive anything.
        Assert.All(scripts, s => Assert.Contains($"'nonce-{s.GetAttribute("nonce")}'", policy, StringComparison.Ordinal));
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("fonts.scalar.com", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Elsewhere the site's policy is unchanged.
        using var home = await site.Anonymous.GetAsync("/");
        Assert.DoesNotContain("unsafe-inline", string.Join(' ', home.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    private static async Task<JsonDocument> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await JsonAsync(response);
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());
}

/// <summary>The rate limit, on a site of its own with a small allowance.</summary>
public class ApiRateLimitTests
{
    [Fact]
    public async Task BeyondTheAllowanceTheApiAnswersA429InFrench()
    {
        using var site = new RtesWebFactory();
        using var limited = site.WithWebHostBuilder(b => b.UseSetting("Api:RequestsPerMinute", "3"));
        using var client = limited.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.GetAsync("/api/v1/types");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/types");
        request.Headers.Add("Origin", "https://partenaire.example");
        using var refused = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("60", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        using var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Contains("réessayez", json.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The site's pages have their own limits: the API's does not spill over.
        using var page = await client.GetAsync("/ressources");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
