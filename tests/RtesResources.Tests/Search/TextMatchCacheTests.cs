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
    public void ReplayingGivesACollectorWhatSearchingAgainWould()
    {
        using var reader = DirectoryReader.Open(_directory);
        var searcher = new IndexSearcher(reader);
        Assert.True(reader.Leaves.Count >= 3);
        var query = Word("économie");

        var direct = TopScoreDocCollector.Create(1000, true);
        searcher.Search(query, direct);
        var replayed = TopScoreDocCollector.Create(1000, true);
        var matches = TextMatches.Collect(searcher, query);
        matches.Replay(searcher, replayed);

        var expected = direct.GetTopDocs().ScoreDocs;
        var actual = replayed.GetTopDocs().ScoreDocs;
        Assert.Equal(80, matches.Count);
        Assert.Equal(expected.Select(d => (d.Doc, d.Score)), actual.Select(d => (d.Doc, d.Score)));
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

    private static TermQuery Word(string word) => new(new Term("text", IndexCatalogue.Analyze(word).Single().Term));

    private static TextMatchCache Cache(int documents) =>
        new(Options.Create(new SearchOptions { MatchCacheDocuments = documents }));
}
