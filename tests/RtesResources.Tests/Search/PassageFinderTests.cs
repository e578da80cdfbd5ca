using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

/// <summary>The passage shown under a search result: where the words are, marked, and nothing else as markup.</summary>
public class PassageFinderTests
{
    private static readonly FrenchSearchAnalyzer Analyzer =
        new(FrenchSearchAnalyzer.BuildSynonyms(["SCIC, société coopérative d'intérêt collectif"]));

    /// <summary>
    /// The passage as the text's analysis finds it (files, transcripts) and as the index's term vector
    /// does (summary, text): every test here holds for both, and both must agree.
    /// </summary>
    private static string? Find(string query, string text)
    {
        var finder = PassageFinder.For(SearchQuery.Parse(query));
        var analysed = finder?.Find(Analyzer, SearchDocuments.Body, text);
        var fromVector = finder?.Find(TermVectorOf(text), text);
        Assert.Equal(analysed, fromVector);
        return analysed;
    }

    private static Lucene.Net.Index.Terms? TermVectorOf(string text)
    {
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using (var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(FrenchSearchAnalyzer.Version, Analyzer)))
        {
            writer.AddDocument([new Lucene.Net.Documents.Field(SearchDocuments.Body, text, SearchDocuments.WithPassageVectors)]);
        }

        using var reader = Lucene.Net.Index.DirectoryReader.Open(directory);
        return reader.GetTermVector(0, SearchDocuments.Body);
    }

    [Fact]
    public void MarksTheWordsInTheirWrittenForm() =>
        Assert.Equal("Les <mark>élu·e·s</mark> de la <mark>métropole</mark> se réunissent.", Find("élus metropoles", "Les élu·e·s de la métropole se réunissent."));

    [Fact]
    public void NothingFoundGivesNoPassage()
    {
        Assert.Null(Find("hydrolienne", "Les élu·e·s de la métropole se réunissent."));
        Assert.Null(Find("élus", "   "));
        Assert.Null(PassageFinder.For(SearchQuery.Parse("le la -élus")));
    }

    [Fact]
    public void APhraseIsMarkedOnlyWhereItsWordsFollowEachOther()
    {
        var passage = Find("\"marchés publics\"", "Des marchés ouverts et des achats publics, puis les marchés publics de la ville.");

        Assert.Equal("Des marchés ouverts et des achats publics, puis les <mark>marchés publics</mark> de la ville.", passage);
    }

    [Fact]
    public void APhraseFoundNowhereGivesNoPassage() =>
        Assert.Null(Find("\"marchés publics\"", "Des marchés ouverts et des achats publics."));

    [Fact]
    public void ASynonymMarksTheWordsItStandsFor()
    {
        var passage = Find("SCIC", "Nous avons créé une société coopérative d'intérêt collectif en 2020.");

        Assert.Contains("<mark>société coopérative d&#39;intérêt collectif</mark>", passage, StringComparison.Ordinal);
    }

    [Fact]
    public void TheTextIsEncodedAndOnlyMarkIsMarkup()
    {
        var passage = Find("acteurs", "La cartographie <script>alert(1)</script> des <b>acteurs</b> & \"partenaires\".");

        Assert.Equal("La cartographie &lt;script&gt;alert(1)&lt;/script&gt; des &lt;b&gt;<mark>acteurs</mark>&lt;/b&gt; &amp; &quot;partenaires&quot;.", passage);
    }

    [Fact]
    public void ALongTextIsCutAroundThePlaceThatShowsTheMostWords()
    {
        var filler = string.Join(' ', Enumerable.Repeat("texte de remplissage sans rapport", 40));
        var text = $"{filler} La gouvernance apparaît seule ici. {filler} Une gouvernance partagée de la cantine. {filler}";

        var passage = Find("gouvernance cantine", text)!;

        Assert.StartsWith("… ", passage, StringComparison.Ordinal);
        Assert.EndsWith(" …", passage, StringComparison.Ordinal);
        Assert.Contains("Une <mark>gouvernance</mark> partagée de la <mark>cantine</mark>.", passage, StringComparison.Ordinal);
        Assert.InRange(passage.Length, 100, PassageFinder.PassageLength + 40);
    }

    [Fact]
    public void LineBreaksReadAsSpaces() =>
        Assert.Equal("Première ligne.\nLa <mark>cantine</mark>.".Replace("\n", " ", StringComparison.Ordinal), Find("cantine", "Première ligne.\n\nLa cantine."));

    [Fact]
    public void AWordAtTheVeryEndIsShown() =>
        Assert.EndsWith("<mark>cantine</mark>", Find("cantine", string.Join(' ', Enumerable.Repeat("mot", 200)) + " cantine"), StringComparison.Ordinal);

    [Fact]
    public void AnOccurrenceLongerThanThePassageIsShownWhole()
    {
        var words = string.Join(' ', Enumerable.Range(0, 25).Select(i => "coopérative"));

        var passage = Find($"\"{words}\"", "Avant. " + words + " après.")!;

        Assert.Contains($"<mark>{words}</mark>", passage, StringComparison.Ordinal);
    }
}
