using AngleSharp.Dom;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Search;

/// <summary>
/// The French search cases, through the catalogue page as a visitor uses it: accents, elisions,
/// plurals, inclusive writing, synonyms both ways, phrases, exclusions, ranking, passages, engine
/// syntax typed by people, and what each kind of visitor may match.
/// </summary>
public class FrenchSearchTests(SearchSite site) : IClassFixture<SearchSite>
{
    [Theory]
    [InlineData("economie circulaire", "economie-circulaire")]
    [InlineData("ÉCONOMIE CIRCULAIRE", "economie-circulaire")]
    [InlineData("l'économie", "economie-circulaire")]
    [InlineData("l’économie circulaire", "economie-circulaire")]
    [InlineData("collectivité", "economie-circulaire")]
    [InlineData("recyclerie", "economie-circulaire")]
    [InlineData("élus", "economie-circulaire")]
    [InlineData("elus", "elus-transition")]
    [InlineData("élu", "elus-transition")]
    [InlineData("élu·e·s", "elus-transition")]
    [InlineData("commande publique", "economie-circulaire")]
    [InlineData("reemploi", "economie-circulaire")]
    [InlineData("SPASER", "schema-achats")]
    [InlineData("spaser", "panorama-spaser")]
    [InlineData("schéma de promotion des achats socialement et écologiquement responsables", "panorama-spaser")]
    [InlineData("achats responsables", "panorama-spaser")]
    [InlineData("methanisation", "gouvernance-fichier")]
    [InlineData("Alimentation durable", "cantines")]
    [InlineData("Camille Ondine", "intervention-ondine")]
    [InlineData("ondine", "intervention-ondine")]
    public async Task FindsWhatAFrenchSpeakerMeans(string query, string expected) =>
        Assert.Contains(expected, (await SearchAsync(site.Anonymous, query)).CardSlugs());

    [Fact]
    public async Task AllWordsMustBeFound()
    {
        var both = (await SearchAsync(site.Anonymous, "tiers-lieux numérique")).CardSlugs();

        Assert.Contains("tiers-lieux-numeriques", both);
        Assert.DoesNotContain("tiers-lieux-ruraux", both);
    }

    [Fact]
    public async Task AnExactPhraseNeedsItsWordsTogether()
    {
        var loose = (await SearchAsync(site.Anonymous, "marchés publics")).CardSlugs();
        var exact = (await SearchAsync(site.Anonymous, "\"marchés publics\"")).CardSlugs();

        Assert.Contains("marches-publics-epars", loose);
        Assert.Contains("marches-publics-exact", exact);
        Assert.DoesNotContain("marches-publics-epars", exact);
    }

    [Theory]
    [InlineData("tiers-lieux -numérique")]
    [InlineData("tiers-lieux -\"inclusion numérique\"")]
    public async Task AMinusExcludes(string query)
    {
        var slugs = (await SearchAsync(site.Anonymous, query)).CardSlugs();

        Assert.Contains("tiers-lieux-ruraux", slugs);
        Assert.DoesNotContain("tiers-lieux-numeriques", slugs);
    }

    [Fact]
    public async Task TitleRanksAboveSummaryAboveBodyAboveTranscriptsAboveFiles()
    {
        var slugs = (await SearchAsync(site.Anonymous, "gouvernance")).CardSlugs();

        Assert.Equal(["gouvernance-titre", "gouvernance-resume", "gouvernance-corps", "gouvernance-video", "gouvernance-fichier"], slugs.Where(s => s.StartsWith("gouvernance-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AmongEqualsTheNewerComesFirst() =>
        Assert.Equal(["vermicompostage-recent", "vermicompostage-ancien"], (await SearchAsync(site.Anonymous, "vermicompostage")).CardSlugs());

    [Fact]
    public async Task SortingByDateIsOffered()
    {
        var page = await SearchAsync(site.Anonymous, "gouvernance", "&tri=date");

        Assert.Equal("date", page.QuerySelector(".sort-choice a[aria-current]")?.TextContent);
        Assert.Contains("pertinence", page.QuerySelectorAll(".sort-choice a").Select(a => a.TextContent));
        Assert.Equal(5, page.CardSlugs().Count(s => s.StartsWith("gouvernance-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task APassageShowsWhereTheWordsWereFound()
    {
        var page = await SearchAsync(site.Anonymous, "recycleries");
        var passage = Card(page, "economie-circulaire").QuerySelector(".card-passage")!;

        Assert.Contains("dans le résumé", passage.TextContent, StringComparison.Ordinal);
        Assert.Equal("recycleries", passage.QuerySelector("mark")?.TextContent);
    }

    [Fact]
    public async Task APassageFromAFileNamesTheFile()
    {
        var page = await SearchAsync(site.Anonymous, "méthanisation");
        var passage = Card(page, "gouvernance-fichier").QuerySelector(".card-passage")!;

        Assert.Contains("dans le fichier « Fiche n°3.pdf »", passage.TextContent, StringComparison.Ordinal);
        Assert.Equal("méthanisation", passage.QuerySelector("mark")?.TextContent);
    }

    [Fact]
    public async Task AWordOnlyInAVideosTranscriptFindsItAndThePassageNamesTheVideo()
    {
        var page = await SearchAsync(site.Anonymous, "pollinisateur");

        Assert.Equal(["gouvernance-video"], page.CardSlugs());
        var passage = Card(page, "gouvernance-video").QuerySelector(".card-passage")!;
        Assert.Contains("dans la transcription de la vidéo « Enregistrement du webinaire »", passage.TextContent, StringComparison.Ordinal);
        Assert.Equal("pollinisateurs", passage.QuerySelector("mark")?.TextContent);
    }

    [Fact]
    public async Task AnEditedTranscriptReachesTheIndexThroughTheChangeTable()
    {
        Assert.Empty((await SearchAsync(site.Anonymous, "hirondelles")).CardSlugs());
        Assert.Equal(["transcription-corrigee"], (await SearchAsync(site.Anonymous, "cormorans")).CardSlugs());
        var lastChange = await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.MaxAsync(db.SearchIndexChanges, c => c.Id));

        // Only the link row changes, as when an editor corrects a transcript and nothing else.
        await site.WithDbAsync(async db =>
        {
            var link = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.ResourceLinks.Where(l => l.Resource.Slug == "transcription-corrigee"));
            link.TranscriptMarkdown = "Les hirondelles reviennent chaque printemps.";
            await db.SaveChangesAsync();
        });

        var id = await ResourceIdAsync("transcription-corrigee");
        Assert.True(await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.SearchIndexChanges, c => c.Id > lastChange && c.ResourceId == id)));
        var page = await SearchAsync(site.Anonymous, "hirondelles");
        Assert.Equal(["transcription-corrigee"], page.CardSlugs());
        Assert.Contains("dans la transcription de la vidéo « Captation »", page.QuerySelector(".card-passage")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await SearchAsync(site.Anonymous, "cormorans")).CardSlugs());
    }

    [Fact]
    public async Task ASynonymMarksTheWordsItStandsFor()
    {
        var page = await SearchAsync(site.Anonymous, "SPASER");
        var marked = Card(page, "schema-achats").QuerySelectorAll(".card-passage mark").Select(m => m.TextContent).ToList();

        Assert.Contains(marked, m => m.Contains("schéma", StringComparison.Ordinal) || m.Contains("promotion", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APassageNeverCarriesMarkupFromTheText()
    {
        await site.WithDbAsync(async db =>
        {
            var resource = await db.Resources.FindAsync(await ResourceIdAsync("cartographie-publique"));
            resource!.BodyMarkdown = "La cartographie <script>alert(1)</script> des <b>acteurs</b>.";
            await db.SaveChangesAsync();
        });

        var page = await SearchAsync(site.Anonymous, "cartographie acteurs -zzzz");

        Assert.Empty(page.QuerySelectorAll(".card-passage script, .card-passage b"));
    }

    [Theory]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData(":")]
    [InlineData("(")]
    [InlineData(")")]
    [InlineData("AND")]
    [InlineData("OR")]
    [InlineData("NOT")]
    [InlineData("~")]
    [InlineData("^")]
    [InlineData("\\")]
    [InlineData("[")]
    [InlineData("{")]
    [InlineData("title:gouvernance")]
    [InlineData("gouvernance*")]
    [InlineData("gouvernance~")]
    [InlineData("gouvernance^4 AND (titre OR résumé)")]
    [InlineData("[* TO *]")]
    [InlineData("\"gouvernance")]
    [InlineData("-")]
    public async Task EngineSyntaxIsPlainTextNeverAnError(string query)
    {
        using var response = await site.Anonymous.GetAsync("/ressources?q=" + Uri.EscapeDataString(query));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AnEmojiCutAtTheLengthLimitIsNoError()
    {
        using var response = await site.Anonymous.GetAsync("/ressources?q=a" + string.Concat(Enumerable.Repeat("%F0%9F%98%80", 120)));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OperatorsBetweenWordsAreIgnored() =>
        Assert.Contains("gouvernance-titre", (await SearchAsync(site.Anonymous, "gouvernance AND partagée")).CardSlugs());

    [Fact]
    public async Task TenThousandCharactersAreNoError()
    {
        using var response = await site.Anonymous.GetAsync("/ressources?q=" + string.Join('+', Enumerable.Repeat("gouvernance(*)", 700)));

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OnlySignsFindNothingAndSaySo()
    {
        var page = await SearchAsync(site.Anonymous, "* ? ()");

        Assert.Empty(page.CardSlugs());
        Assert.Contains("aucun mot à chercher", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWordOnlyInAPrivateBodyIsFoundByAMemberOnly()
    {
        var anonymous = await SearchAsync(site.Anonymous, "zythogramme");
        var lapsed = await SearchAsync(site.LapsedMember, "zythogramme");
        var member = await SearchAsync(site.Member, "zythogramme");
        var nowhere = await SearchAsync(site.Anonymous, "xqzwvbnm");

        Assert.Empty(anonymous.CardSlugs());
        Assert.Empty(lapsed.CardSlugs());
        Assert.Equal(["compte-rendu-reserve"], member.CardSlugs());
        Assert.Contains("dans le texte", member.QuerySelector(".card-passage")!.TextContent, StringComparison.Ordinal);
        // The refusal looks exactly like a word found nowhere: same counts, same filters.
        Assert.Equal(Counts(nowhere), Counts(anonymous));
        Assert.Equal(Counts(nowhere), Counts(lapsed));
    }

    [Fact]
    public async Task AWordOnlyInAPrivateFileIsFoundByAMemberOnly()
    {
        Assert.Empty((await SearchAsync(site.Anonymous, "ornithorynques")).CardSlugs());
        Assert.Empty((await SearchAsync(site.LapsedMember, "ornithorynques")).CardSlugs());
        var member = await SearchAsync(site.Member, "ornithorynques");

        Assert.Equal(["compte-rendu-reserve"], member.CardSlugs());
        Assert.Contains("dans le fichier « Support de séance.pdf »", member.QuerySelector(".card-passage")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWordOnlyInAPrivateTranscriptIsFoundByAMemberOnly()
    {
        var anonymous = await SearchAsync(site.Anonymous, "salamandre");
        var lapsed = await SearchAsync(site.LapsedMember, "salamandre");
        var member = await SearchAsync(site.Member, "salamandre");
        var nowhere = await SearchAsync(site.Anonymous, "xqzwvbnm");

        Assert.Empty(anonymous.CardSlugs());
        Assert.Empty(lapsed.CardSlugs());
        Assert.Equal(Counts(nowhere), Counts(anonymous));
        Assert.Equal(Counts(nowhere), Counts(lapsed));
        Assert.Equal(["compte-rendu-reserve"], member.CardSlugs());
        var passage = member.QuerySelector(".card-passage")!;
        Assert.Contains("dans la transcription de la vidéo « Captation de l'atelier »", passage.TextContent, StringComparison.Ordinal);
        // The transcript's Markdown is indexed as text: no emphasis marks in the passage.
        Assert.Equal("salamandres", passage.QuerySelector("mark")?.TextContent);
    }

    [Fact]
    public async Task APrivateResourceMatchesOnItsPublicFieldsWithoutAPassageFromItsBody()
    {
        var anonymous = await SearchAsync(site.Anonymous, "cartographie");
        var member = await SearchAsync(site.Member, "cartographie");

        // Its summary is public: found by everyone, the passage from the summary only.
        Assert.Contains("compte-rendu-reserve", anonymous.CardSlugs());
        var passage = Card(anonymous, "compte-rendu-reserve").QuerySelector(".card-passage")!;
        Assert.Contains("dans le résumé", passage.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("zythogramme", anonymous.Body!.TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(anonymous.CardSlugs().Count, member.CardSlugs().Count);
    }

    [Fact]
    public async Task WordsFromPrivateAndPublicPlacesCountOnlyWhatTheVisitorMayRead()
    {
        // "acteurs" is in a public summary and in a private body: the anonymous count is the public one.
        var anonymous = await SearchAsync(site.Anonymous, "acteurs cartographie", "&acces=adherents");
        var member = await SearchAsync(site.Member, "acteurs cartographie", "&acces=adherents");

        Assert.Empty(anonymous.CardSlugs());
        Assert.Equal(["compte-rendu-reserve"], member.CardSlugs());
    }

    [Fact]
    public async Task AMembersResultsAreNeverServedToAVisitorWithoutAccess()
    {
        // Member first: results are kept for the next same request, but only for viewers who may read as much.
        var member = await SearchAsync(site.Member, "zythogramme");
        var anonymous = await SearchAsync(site.Anonymous, "zythogramme");

        Assert.Equal(["compte-rendu-reserve"], member.CardSlugs());
        Assert.Empty(anonymous.CardSlugs());
        Assert.DoesNotContain("zythogramme", anonymous.QuerySelector("main")!.TextContent.Replace("« zythogramme »", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AScheduledResourceIsNotFoundBeforeItsTime() =>
        Assert.Empty((await SearchAsync(site.Anonymous, "quinoa")).CardSlugs());

    [Fact]
    public async Task FacetCountsComeWithTheResults()
    {
        var page = await SearchAsync(site.Anonymous, "gouvernance", "&type=fiche");

        Assert.Contains(page.SelectOptions("type"), o => o.Key == "fiche" && o.Value.Contains("(4)", StringComparison.Ordinal));
        Assert.Contains(page.SelectOptions("acces"), o => o.Key == "public" && o.Value.Contains("(4)", StringComparison.Ordinal));
    }

    private static readonly string[] FacetIds = ["type", "thematique", "annee", "acces"];

    private async Task<int> ResourceIdAsync(string slug) =>
        await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Resources.Where(r => r.Slug == slug).Select(r => r.Id)));

    private static Task<IDocument> SearchAsync(HttpClient client, string query, string more = "") =>
        client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query) + more);

    private static IElement Card(IDocument page, string slug) =>
        page.QuerySelectorAll(".card").Single(c => c.QuerySelector($"a[href='/ressources/{slug}']") is not null);

    private static string Counts(IDocument page) =>
        string.Join('|', FacetIds.Select(id => string.Join(',', page.SelectOptions(id).Select(o => o.Key + "=" + o.Value))))
        + "|" + page.QuerySelector(".results-title")?.TextContent.Trim();
}
