using Lucene.Net.Analysis.TokenAttributes;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

/// <summary>How French text becomes terms: the same terms for what is written and what is searched.</summary>
public class FrenchAnalysisTests
{
    [Theory]
    [InlineData("collectivité", "collectivités")]
    [InlineData("Économie", "economie")]
    [InlineData("ÉLUS", "élus")]
    [InlineData("élus", "élu·e·s")]
    [InlineData("élus", "élu.e.s")]
    [InlineData("acteurs", "acteur·rice·s")]
    [InlineData("ESS", "l'ESS")]
    [InlineData("ESS", "l’ESS")]
    [InlineData("intérêt", "d'intérêt")]
    [InlineData("emploi", "jusqu'emploi")]
    [InlineData("élu", "qu'élu")]
    [InlineData("coopératives", "coopérative")]
    public void BothSidesGiveTheSameTerm(string searched, string written) =>
        Assert.Equal(Terms(FrenchSearchAnalyzer.ForQueries, searched), Terms(FrenchSearchAnalyzer.ForQueries, written));

    [Fact]
    public void InclusiveWritingLeavesNoStrayLetters()
    {
        var terms = Terms(FrenchSearchAnalyzer.ForQueries, "Les élu·e·s et les élu.e.s, les élu-e-s");

        Assert.DoesNotContain("e", terms);
        Assert.DoesNotContain("s", terms);
        Assert.All(terms, t => Assert.StartsWith("elu", t, StringComparison.Ordinal));
    }

    [Fact]
    public void AnAddressKeepsItsWords()
    {
        var terms = Terms(FrenchSearchAnalyzer.ForQueries, "www.rtes.fr");

        Assert.NotEmpty(terms);
    }

    [Fact]
    public void StopWordsAreDropped() =>
        Assert.Empty(Terms(FrenchSearchAnalyzer.ForQueries, "le la les de des du et"));

    [Fact]
    public void DocumentsCarryTheSynonymsOfTheList()
    {
        var analyzer = new FrenchSearchAnalyzer(FrenchSearchAnalyzer.BuildSynonyms(["SCIC, société coopérative d'intérêt collectif"]));

        var fromAcronym = Terms(analyzer, "Une SCIC rurale");
        var fromExpression = Terms(analyzer, "Une société coopérative d'intérêt collectif rurale");

        Assert.Contains(Terms(FrenchSearchAnalyzer.ForQueries, "coopérative")[0], fromAcronym);
        Assert.Contains(Terms(FrenchSearchAnalyzer.ForQueries, "SCIC")[0], fromExpression);
    }

    [Fact]
    public void SynonymsMeetPluralsToo()
    {
        var analyzer = new FrenchSearchAnalyzer(FrenchSearchAnalyzer.BuildSynonyms(["mégapole, métropole"]));

        Assert.Contains(Terms(FrenchSearchAnalyzer.ForQueries, "mégapoles")[0], Terms(analyzer, "Les Métropoles engagées"));
    }

    [Fact]
    public void SynonymRulesWithTheParsersSyntaxAreReadAsText()
    {
        var map = FrenchSearchAnalyzer.BuildSynonyms(["a => b, c", "# commentaire, autre", "seul"]);

        Assert.NotNull(map);
    }

    private static List<string> Terms(Lucene.Net.Analysis.Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("body", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }
}
