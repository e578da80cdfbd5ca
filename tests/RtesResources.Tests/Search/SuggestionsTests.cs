using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Search;

public sealed record SuggestionDto(string Label, string Kind, string Url);

internal static class Suggestions
{
    public static async Task<List<SuggestionDto>> SuggestAsync(this HttpClient client, string typed)
    {
        using var response = await client.GetAsync("/ressources/suggestions?q=" + Uri.EscapeDataString(typed));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<List<SuggestionDto>>())!;
    }
}

/// <summary>The suggestions endpoint on the demo data, read only.</summary>
[Collection(DemoSiteTests.Name)]
public class SuggestionsTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task TitlesAndThematiquesMatchTheStartOfAnyWordIgnoringAccentsAndCase()
    {
        var suggestions = await _client.SuggestAsync("MÉTRO");

        Assert.Contains(new SuggestionDto("Etude \"Métropoles, ESS & innovation sociale\"", "titre", "/ressources/" + DemoSlugs.Study), suggestions);
        Assert.Contains(new SuggestionDto("Rencontre \"Métropoles, ESS & innovation sociale\", le 5 juillet 2019", "titre", "/ressources/" + DemoSlugs.Meeting2019), suggestions);
        Assert.Contains(new SuggestionDto("Métropoles", "thématique", "/ressources?thematique=metropoles"), suggestions);
        Assert.DoesNotContain(suggestions, s => s.Label.Contains("Départements", StringComparison.Ordinal));
        // Titles come first, then terms.
        Assert.Equal("titre", suggestions[0].Kind);
    }

    [Fact]
    public async Task EveryWordTypedMustStartAWordOfTheSuggestion()
    {
        var suggestions = await _client.SuggestAsync("econ soc");

        Assert.Contains(suggestions, s => s.Kind == "titre" && s.Url == "/ressources/" + DemoSlugs.Fiche3);
        Assert.Contains(new SuggestionDto("économie sociale et solidaire", "synonyme", "/ressources?q=%C3%A9conomie%20sociale%20et%20solidaire"), suggestions);
        Assert.All(suggestions, s => Assert.Matches("(?i)[ée]con.*\\bsoc|\\bsoc.*[ée]con", s.Label));
    }

    [Fact]
    public async Task SpeakersAndSynonymsAreSuggested()
    {
        var speakers = await _client.SuggestAsync("copp");
        var synonyms = await _client.SuggestAsync("scic");

        Assert.Equal([new SuggestionDto("Mahel Coppey", "intervenant", "/ressources?intervenant=mahel-coppey")], speakers);
        Assert.Contains(new SuggestionDto("SCIC", "synonyme", "/ressources?q=SCIC"), synonyms);
    }

    [Fact]
    public async Task PrivateTitlesAreSuggestedButNotTheirBodies()
    {
        var byTitle = await _client.SuggestAsync("nouvel elu");
        var byBody = await _client.SuggestAsync(DemoSlugs.PrivateBodyOnlyWord);

        Assert.Contains(new SuggestionDto("Comment parler ESS à un.e nouvel.le élu.e ?", "titre", "/ressources/" + DemoSlugs.PrivateNewElected), byTitle);
        Assert.Empty(byBody);
    }

    [Theory]
    [InlineData("")]
    [InlineData("e")]
    [InlineData(" é ")]
    public async Task FewerThanTwoCharactersGiveNothing(string typed) =>
        Assert.Empty(await _client.SuggestAsync(typed));

    [Theory]
    [InlineData("title:metro*")]
    [InlineData("\"metro AND (ess OR -x)~2^3 [a TO z] {b} \\ / ! ? :")]
    [InlineData("*:*")]
    [InlineData("%00%ff")]
    [InlineData("\u0000\u0001\u001f\u007f metro \u200b\ufeff")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("l'é")]
    [InlineData("le la les de du")]
    [InlineData("🙂🙂")]
    public async Task OddInputIsAnsweredWithAList(string typed)
    {
        var suggestions = await _client.SuggestAsync(typed);

        Assert.InRange(suggestions.Count, 0, 8);
    }

    [Theory]
    [InlineData("q=%ED%A0%80x")]
    [InlineData("q=%FF%FEme")]
    [InlineData("q=%")]
    [InlineData("q=me%")]
    [InlineData("q=metro&q=elu")]
    [InlineData("q[]=metro")]
    [InlineData("x=metro")]
    public async Task MalformedQueryStringsAreAnsweredWithAList(string query)
    {
        using var response = await _client.GetAsync("/ressources/suggestions?" + query);
        var suggestions = await response.Content.ReadFromJsonAsync<List<SuggestionDto>>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.InRange(suggestions!.Count, 0, 8);
    }

    [Fact]
    public async Task VeryLongInputIsAnsweredWithAList()
    {
        Assert.InRange((await _client.SuggestAsync(string.Concat(Enumerable.Repeat("metropole ", 1000)))).Count, 0, 8);
        Assert.InRange((await _client.SuggestAsync(new string('a', 10_000))).Count, 0, 8);
        // Cut at 100 characters: here between the two halves of an emoji.
        Assert.InRange((await _client.SuggestAsync("a" + string.Concat(Enumerable.Repeat("🙂", 60)))).Count, 0, 8);
        Assert.InRange((await _client.SuggestAsync(string.Join(' ', Enumerable.Range(0, 3000).Select(i => "m" + i)))).Count, 0, 8);
    }

    [Fact]
    public async Task AnswersAreSharedCacheableForAMinute()
    {
        using var response = await _client.GetAsync("/ressources/suggestions?q=metro");

        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl?.MaxAge);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }
}

/// <summary>The suggestions endpoint on data each test changes.</summary>
public class SuggestionsWithChangesTests
{
    [Fact]
    public async Task DraftsScheduledResourcesAndTheirTermsAreNeverSuggested()
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var kind = await db.ResourceKinds.FirstAsync();
            var now = DateTime.UtcNow;
            db.Resources.AddRange(
                Resource("quiproquo-brouillon", "Quiproquo brouillon", kind, publishAt: null, draftTerms: true),
                Resource("quiproquo-programme", "Quiproquo programmé", kind, publishAt: now.AddDays(10)),
                Resource("quiproquo-a-la-corbeille", "Quiproquo à la corbeille", kind, publishAt: now.AddDays(-1), deleted: now),
                Resource("quiproquo-reserve", "Quiproquo réservé", kind, publishAt: now.AddDays(-1), isPrivate: true));
            await db.SaveChangesAsync();
        });
        using var client = site.CreateClient();

        var byTitle = await client.SuggestAsync("quipro");
        var bySummary = await client.SuggestAsync("xylophage");
        var byBody = await client.SuggestAsync("zygomorphe");
        var byDraftThematique = await client.SuggestAsync("fantome");
        var byDraftSpeaker = await client.SuggestAsync("zenob");

        Assert.Equal([new SuggestionDto("Quiproquo réservé", "titre", "/ressources/quiproquo-reserve")], byTitle);
        Assert.Empty(bySummary);
        Assert.Empty(byBody);
        Assert.Empty(byDraftThematique);
        Assert.Empty(byDraftSpeaker);
    }

    [Fact]
    public async Task AtMostEightWithRoomKeptForTerms()
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var kind = await db.ResourceKinds.FirstAsync();
            var category = new Category { Name = "Quiproquos", Slug = "quiproquos" };
            for (var i = 1; i <= 12; i++)
            {
                var resource = Resource($"quiproquo-{i}", $"Quiproquo n°{i}", kind, publishAt: DateTime.UtcNow.AddDays(-i));
                resource.Categories.Add(category);
                db.Resources.Add(resource);
            }

            await db.SaveChangesAsync();
        });
        using var client = site.CreateClient();

        var suggestions = await client.SuggestAsync("quipro");

        Assert.Equal(8, suggestions.Count);
        Assert.Equal(7, suggestions.Count(s => s.Kind == "titre"));
        Assert.Equal("Quiproquo n°1", suggestions[0].Label);
        Assert.Equal(new SuggestionDto("Quiproquos", "thématique", "/ressources?thematique=quiproquos"), suggestions[^1]);
    }

    [Fact]
    public async Task ANewSynonymIsSuggestedOnceSavedWithoutAQueryPerKeystroke()
    {
        using var site = new RtesWebFactory { SearchPollInterval = TimeSpan.FromHours(1) };
        using var client = site.CreateClient();
        var before = await client.SuggestAsync("malent");

        site.SqlCommands.Reset();
        var again = await client.SuggestAsync("metro");
        var sqlPerKeystroke = site.SqlCommands.Count;

        await site.WithDbAsync(async db =>
        {
            db.SearchSynonyms.Add(new SearchSynonym { Terms = "quiproquo, malentendu" });
            await db.SaveChangesAsync();
        });
        await site.ApplySearchChangesAsync();
        var after = await client.SuggestAsync("malent");

        Assert.Empty(before);
        Assert.NotEmpty(again);
        Assert.Equal(0, sqlPerKeystroke);
        Assert.Equal([new SuggestionDto("malentendu", "synonyme", "/ressources?q=malentendu")], after);
    }

    private static Resource Resource(string slug, string title, ResourceKind kind, DateTime? publishAt, bool isPrivate = false, DateTime? deleted = null, bool draftTerms = false)
    {
        var resource = new Resource
        {
            Slug = slug,
            Title = title,
            Kind = kind,
            IsPrivate = isPrivate,
            SummaryMarkdown = "Un résumé xylophage.",
            BodyMarkdown = "Un texte zygomorphe.",
            PublishedOn = DateOnly.FromDateTime(publishAt ?? DateTime.UtcNow),
            PublishAt = publishAt,
            DeletedAt = deleted,
        };
        if (draftTerms)
        {
            resource.Categories.Add(new Category { Name = "Thématique fantôme", Slug = "thematique-fantome" });
            resource.Speakers.Add(new ResourceSpeaker { Speaker = new Speaker { Name = "Zénobie Martin", Slug = "zenobie-martin" }, Position = 1 });
        }

        return resource;
    }
}
