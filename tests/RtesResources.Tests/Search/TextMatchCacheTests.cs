using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

/// <summary>
/// The kept matches of a search's words: replaying them gives a collector exactly what searching
/// again would, they serve only the same key on the same reader, and they stay within their size.
/// </summary>
public sealed class TextMatchCacheTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;

    public TextMatchCacheTests()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(FrenchSearchAnalyzer.Version, FrenchSearchAnalyzer.ForQueries));
        // Several segments, some documents deleted: a replay must follow both.
        for (var segment = 0; segment < 3; segment++)
        {
            for (var i = 0; i < 40; i++)
            {
                var text = (i % 3) switch
                {
                    0 => "économie sociale et solidaire en commune",
                    1 => "économie circulaire et économie sociale",
                    _ => "une recyclerie de quartier",
                };
                _writer.AddDocument([new StringField("id", $"{segment}-{i}", Field.Store.YES), new TextField("text", text, Field.Store.NO)]);
            }

            _writer.Commit();
        }

        _writer.DeleteDocuments(new Term("id", "1-3"));
        _writer.Commit();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void ReplayingGivesACollectorEveryMatchALuceneSearchFindsAndNoDeletedOne()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = new IndexSearcher(reader);
        Assert.True(reader.Leaves.Count >= 3);

        var direct = TopScoreDocCollector.Create(1000, true);
        searcher.Search(new TermQuery(new Term("text", IndexCatalogue.Analyze("économie").Single().Term)), direct);
        var replayed = TopScoreDocCollector.Create(1000, true);
        var matches = TextMatches.Collect(searcher, Word("économie"));
        matches.Replay(searcher, replayed);

        Assert.Equal(80, matches.Count);
        Assert.Equal(direct.GetTopDocs().ScoreDocs.Select(d => d.Doc).Order(), replayed.GetTopDocs().ScoreDocs.Select(d => d.Doc).Order());
        Assert.All(replayed.GetTopDocs().ScoreDocs, d => Assert.Equal(1f, d.Score));
    }

    [Fact]
    public void ASegmentWithMoreMatchesThanAChunkIsReplayedWhole()
    {
        using var directory = new RAMDirectory();
        const int count = TextMatches.ChunkSize * 2 + 10;
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(FrenchSearchAnalyzer.Version, FrenchSearchAnalyzer.ForQueries)))
        {
            for (var i = 0; i < count; i++)
            {
                writer.AddDocument([new TextField("text", i % 2 == 0 ? "coopérative" : "coopérative locale", Field.Store.NO)]);
            }

            writer.ForceMerge(1);
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Assert.Single(reader.Leaves);
        var docs = new List<int>();
        var collector = new DocsCollector(docs);

        var matches = TextMatches.Collect(searcher, Word("coopérative"));
        matches.Replay(searcher, collector);

        Assert.Equal(count, matches.Count);
        Assert.Equal(Enumerable.Range(0, count), docs);
        docs.Clear();
        TextMatches.Collect(searcher, Word("locale")).Replay(searcher, collector);
        Assert.Equal(Enumerable.Range(0, count).Where(i => i % 2 == 1), docs);
    }

    [Fact]
    public void EveryClauseMustBeFoundAndNoExclusion()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = new IndexSearcher(reader);
        int Count(string[] required, string[] excluded, Query? filter = null) =>
            TextMatches.Collect(searcher, new TextClauses([.. required.Select(Clause)], [.. excluded.Select(Clause)], filter)).Count;

        // Per segment, 14 "économie sociale ... commune", 13 "économie circulaire ... économie sociale"
        // and 13 "recyclerie"; "1-3" (one of the first) is deleted.
        Assert.Equal(39, Count(["économie", "circulaire"], []));
        Assert.Equal(41, Count(["économie"], ["circulaire"]));
        Assert.Equal(80, Count(["économie sociale"], []));
        Assert.Equal(41, Count(["économie sociale", "commune"], []));
        Assert.Equal(0, Count(["économie", "recyclerie"], []));
        Assert.Equal(1, Count(["économie"], [], new TermQuery(new Term("id", "0-0"))));
        Assert.Equal(0, Count(["économie"], [], new TermQuery(new Term("id", "1-3"))));
    }

    [Fact]
    public void AMatchScoresByTheBestFieldItIsFoundInPlusATenthOfTheOthers()
    {
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(FrenchSearchAnalyzer.Version, FrenchSearchAnalyzer.ForQueries)))
        {
            void Add(string id, string title, string body) => writer.AddDocument(
                [new StringField("id", id, Field.Store.YES), new TextField("title", title, Field.Store.NO), new TextField("body", body, Field.Store.NO)]);
            Add("title", "Gouvernance partagée", "Un texte.");
            Add("both", "Gouvernance", "La gouvernance, encore la gouvernance, toujours la gouvernance.");
            Add("body", "Un titre", "Une gouvernance.");
            Add("two-words", "Gouvernance coopérative", "Rien.");
        }

        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Dictionary<string, float> Scores(params string[] words)
        {
            var collector = TopScoreDocCollector.Create(10, true);
            var clauses = words.Select(word => new DisjunctionMaxQuery(0.1f)
            {
                new TermQuery(new Term("title", IndexCatalogue.Analyze(word).Single().Term)) { Boost = 10f },
                new TermQuery(new Term("body", IndexCatalogue.Analyze(word).Single().Term)) { Boost = 1.5f },
            }).ToList();
            TextMatches.Collect(searcher, new TextClauses(clauses, [], null)).Replay(searcher, collector);
            return collector.GetTopDocs().ScoreDocs.ToDictionary(d => searcher.Doc(d.Doc).Get("id"), d => d.Score);
        }

        var gouvernance = Scores("gouvernance");
        Assert.Equal(10f, gouvernance["title"], 3);
        // Repeating a word does not rank a resource higher: where it is found does.
        Assert.Equal(10.15f, gouvernance["both"], 3);
        Assert.Equal(1.5f, gouvernance["body"], 3);
        Assert.Equal(20f, Scores("gouvernance", "coopérative")["two-words"], 3);
    }

    [Fact]
    public void TheSameKeyOnTheSameReaderIsServedFromTheCache()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = new IndexSearcher(reader);
        var cache = Cache(1000);
        var query = Word("économie");

        var first = cache.Find(searcher, "économie", query);

        Assert.Same(first, cache.Find(searcher, "économie", query));
        Assert.NotSame(first, cache.Find(searcher, "autre clé", query));
    }

    [Fact]
    public void AnotherReaderFindsItsOwnMatches()
    {
        using var first = DirectoryReader.Open(_directory);
        var cache = Cache(1000);
        var query = Word("recyclerie");
        var before = cache.Find(new IndexSearcher(first), "recyclerie", query);

        _writer.AddDocument([new StringField("id", "new", Field.Store.YES), new TextField("text", "une recyclerie", Field.Store.NO)]);
        _writer.Commit();
        using var second = DirectoryReader.OpenIfChanged(first)!;
        var after = cache.Find(new IndexSearcher(second), "recyclerie", query);

        Assert.Equal(before.Count + 1, after.Count);
        Assert.Same(after, cache.Find(new IndexSearcher(second), "recyclerie", query));
        // A search still on the older reader gets that reader's matches, never the newer one's.
        Assert.Equal(before.Count, cache.Find(new IndexSearcher(first), "recyclerie", query).Count);
        Assert.Equal(after.Count, cache.Find(new IndexSearcher(second), "recyclerie", query).Count);
    }

    [Fact]
    public void ItStaysWithinItsSizeAndCanBeTurnedOff()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = new IndexSearcher(reader);
        var economy = Word("économie");
        var recycling = Word("recyclerie");

        // 80 matches are more than a quarter of 200: not kept; 39 are.
        var small = Cache(200);
        Assert.NotSame(small.Find(searcher, "économie", economy), small.Find(searcher, "économie", economy));
        var kept = small.Find(searcher, "recyclerie", recycling);
        Assert.Same(kept, small.Find(searcher, "recyclerie", recycling));

        // Four entries of 39 fit in 160; the fifth starts the cache again rather than grow it.
        var tight = Cache(160);
        var first = tight.Find(searcher, "1", recycling);
        foreach (var key in new[] { "2", "3", "4" })
        {
            tight.Find(searcher, key, recycling);
        }

        Assert.Same(first, tight.Find(searcher, "1", recycling));
        var fifth = tight.Find(searcher, "5", recycling);
        Assert.Same(fifth, tight.Find(searcher, "5", recycling));
        Assert.NotSame(first, tight.Find(searcher, "1", recycling));

        var off = Cache(0);
        Assert.NotSame(off.Find(searcher, "recyclerie", recycling), off.Find(searcher, "recyclerie", recycling));
    }

    [Fact]
    public void TheKeyHoldsWhatDecidesTheMatchesAndNothingElse()
    {
        var now = new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
        IndexSearchRequest Request(string? q, bool canReadPrivate = false, int? kind = null, int? speaker = null, int page = 1, SearchSort sort = SearchSort.Relevance) =>
            new(new CatalogueCriteria { Now = now, CanReadPrivate = canReadPrivate, KindId = kind, SpeakerId = speaker }, SearchQuery.Parse(q)) { Page = page, Sort = sort };

        var key = IndexCatalogue.TextMatchKey(Request("économie \"commande publique\" -bois"));

        Assert.Equal(key, IndexCatalogue.TextMatchKey(Request("économie \"commande publique\" -bois", kind: 3, page: 4, sort: SearchSort.Date)));
        Assert.NotEqual(key, IndexCatalogue.TextMatchKey(Request("économie \"commande publique\" -bois", canReadPrivate: true)));
        Assert.NotEqual(key, IndexCatalogue.TextMatchKey(Request("économie \"commande publique\" -bois", speaker: 2)));
        Assert.NotEqual(key, IndexCatalogue.TextMatchKey(Request("économie \"commande publique\" bois")));
        Assert.NotEqual(key, IndexCatalogue.TextMatchKey(Request("économie commande publique -bois")));
    }

    private static TextClauses Word(string word) => new([Clause(word)], [], null);

    /// <summary>A word, or a phrase when it analyses to several terms, in the one field of these documents.</summary>
    private static DisjunctionMaxQuery Clause(string text)
    {
        var tokens = IndexCatalogue.Analyze(text);
        Query perField = tokens.Count == 1 ? new TermQuery(new Term("text", tokens[0].Term)) : Phrase(tokens);
        return new DisjunctionMaxQuery(0.1f) { perField };
    }

    private static PhraseQuery Phrase(List<(string Term, int Position)> tokens)
    {
        var phrase = new PhraseQuery();
        foreach (var (term, position) in tokens)
        {
            phrase.Add(new Term("text", term), position);
        }

        return phrase;
    }

    private static TextMatchCache Cache(int documents) =>
        new(Options.Create(new SearchOptions { MatchCacheDocuments = documents }));

    private sealed class DocsCollector(List<int> docs) : ICollector
    {
        private int _base;

        public bool AcceptsDocsOutOfOrder => false;

        public void SetScorer(Scorer scorer)
        {
        }

        public void SetNextReader(AtomicReaderContext context) => _base = context.DocBase;

        public void Collect(int doc) => docs.Add(_base + doc);
    }
}
