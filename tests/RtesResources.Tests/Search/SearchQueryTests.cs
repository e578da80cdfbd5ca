using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

public class SearchQueryTests
{
    [Fact]
    public void WordsPhrasesAndExclusionsAreRead()
    {
        var query = SearchQuery.Parse("économie \"commande publique\" -webinaire -\"appel à projets\"");

        Assert.Equal(["économie"], query.Words);
        Assert.Equal(["commande publique"], query.Phrases);
        Assert.Equal(["webinaire", "appel à projets"], query.Excluded);
    }

    [Theory]
    [InlineData("«commande publique»")]
    [InlineData("“commande publique”")]
    public void FrenchAndCurlyQuotesMakeAPhrase(string text) =>
        Assert.Equal(["commande publique"], SearchQuery.Parse(text).Phrases);

    [Theory]
    [InlineData("economie AND solidaire")]
    [InlineData("economie OR solidaire")]
    [InlineData("economie NOT solidaire")]
    public void OperatorsAreIgnored(string text) =>
        Assert.Equal(["economie", "solidaire"], SearchQuery.Parse(text).Words);

    [Theory]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("title:")]
    [InlineData("(economie")]
    [InlineData("economie~2")]
    [InlineData("economie^10")]
    [InlineData("[a TO z]")]
    [InlineData("{a TO z}")]
    [InlineData("\\")]
    [InlineData("\"")]
    [InlineData("-")]
    [InlineData("--")]
    public void EngineSyntaxIsNeverAnError(string text)
    {
        var query = SearchQuery.Parse(text);
        var built = IndexCatalogue.BuildTextQuery(query, [("title", 1f)]);

        Assert.True(built is null || built.Clauses.Count > 0);
    }

    [Fact]
    public void AVeryLongQueryIsCut()
    {
        var query = SearchQuery.Parse(string.Join(' ', Enumerable.Repeat("mot", 5000)));

        Assert.True(query.Words.Count <= SearchQuery.MaxParts);
    }
}

/// <summary>Search passages are written with Html.Raw: the encoder is the wall, and the mark element the only markup.</summary>
public class PassageEncoderTests
{
    [Fact]
    public void EscapesWhatHtmlGivesAMeaningToAndKeepsFrenchLetters() =>
        Assert.Equal("&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;é&#39;&lt;/script&gt; économie", PassageEncoder.EncodeText("<script>alert(\"x\") & 'é'</script> économie"));
}
