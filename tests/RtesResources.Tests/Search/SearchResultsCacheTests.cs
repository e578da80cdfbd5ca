using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

/// <summary>
/// The cache of catalogue results: an entry serves the same request on the same index reader, for
/// the same kind of viewer, until the next scheduled publication; nothing else.
/// </summary>
public sealed class SearchResultsCacheTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc);
    private readonly RAMDirectory _directory = new();
    private readonly IndexWriter _writer;

    public SearchResultsCacheTests()
    {
        _writer = new IndexWriter(_directory, new IndexWriterConfig(FrenchSearchAnalyzer.Version, FrenchSearchAnalyzer.ForQueries));
        _writer.Commit();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public void AnEntryServesTheSameRequestOnTheSameReaderUntilItsTime()
    {
        using var reader = DirectoryReader.Open(_directory);
        var cache = Cache(10);
        var results = cache.Add(reader, Request("économie"), Results(3), (Now + TimeSpan.FromHours(1)).Ticks);

        Assert.Same(results, cache.Find(reader, Request("économie")));
        Assert.Same(results, cache.Find(reader, Request("économie", now: Now.AddMinutes(59))));
        Assert.Null(cache.Find(reader, Request("économie", now: Now.AddHours(1))));
    }

    [Fact]
    public void KeptResultsCarryAGenerationOfTheirOwnOthersNone()
    {
        using var reader = DirectoryReader.Open(_directory);
        var cache = Cache(10);
        var anonymous = Request("économie") with { Criteria = Request("économie").Criteria with { CanReadPrivate = false } };

        var first = cache.Add(reader, Request("économie"), Results(3), long.MaxValue);
        var again = cache.Add(reader, Request("économie"), Results(3), long.MaxValue);
        var fromAnotherCache = Cache(10).Add(reader, Request("économie"), Results(3), long.MaxValue);

        Assert.NotEqual(0, first.Generation);
        Assert.Equal(3, new[] { first.Generation, again.Generation, fromAnotherCache.Generation }.Distinct().Count());
        Assert.Equal(0, cache.Add(reader, anonymous, Results(3), long.MaxValue).Generation);
        Assert.Equal(0, Cache(0).Add(reader, Request("économie"), Results(3), long.MaxValue).Generation);
    }

    [Fact]
    public void AnotherReaderStartsAnEmptyCache()
    {
        using var first = DirectoryReader.Open(_directory);
        var cache = Cache(10);
        cache.Add(first, Request("économie"), Results(3), long.MaxValue);

        _writer.AddDocument([]);
        _writer.Commit();
        using var second = DirectoryReader.OpenIfChanged(first)!;

        Assert.Null(cache.Find(second, Request("économie")));
        cache.Add(second, Request("économie"), Results(4), long.MaxValue);
        Assert.Null(cache.Find(first, Request("économie")));
    }

    [Fact]
    public void WhatAViewerMayReadAndEveryPartOfTheRequestMakeDifferentEntries()
    {
        var baseline = Request("tiers lieux");
        string[] keys =
        [
            SearchResultsCache.KeyOf(baseline),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { CanReadPrivate = false } }),
            SearchResultsCache.KeyOf(Request("\"tiers lieux\"")),
            SearchResultsCache.KeyOf(Request("tiers-lieux")),
            SearchResultsCache.KeyOf(Request("tiers -lieux")),
            SearchResultsCache.KeyOf(baseline with { Query = new SearchQuery(["tiers\u001f5:lieux"], [], []) { Typed = true } }),
            SearchResultsCache.KeyOf(baseline with { Page = 2 }),
            SearchResultsCache.KeyOf(baseline with { Sort = SearchSort.Date }),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { KindId = 1 } }),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { CategoryId = 1 } }),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { Year = 2024 } }),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { Access = AccessFilter.Public } }),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { SpeakerId = 1 } }),
            SearchResultsCache.KeyOf(baseline with { Criteria = baseline.Criteria with { SeriesId = 1 } }),
        ];

        Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(keys[0], SearchResultsCache.KeyOf(Request("tiers lieux", now: Now.AddDays(3))));
    }

    [Fact]
    public void ResultsWithoutPrivateAccessAreLeftToThePageCache()
    {
        using var reader = DirectoryReader.Open(_directory);
        var cache = Cache(10);
        var anonymous = Request("économie") with { Criteria = Request("économie").Criteria with { CanReadPrivate = false } };
        cache.Add(reader, anonymous, Results(3), long.MaxValue);

        Assert.Null(cache.Find(reader, anonymous));
    }

    [Fact]
    public void ItStaysWithinItsSizeAndCanBeTurnedOff()
    {
        using var reader = DirectoryReader.Open(_directory);
        var cache = Cache(2);
        cache.Add(reader, Request("un"), Results(1), long.MaxValue);
        cache.Add(reader, Request("deux"), Results(2), long.MaxValue);
        cache.Add(reader, Request("trois"), Results(3), long.MaxValue);

        Assert.Null(cache.Find(reader, Request("un")));
        Assert.NotNull(cache.Find(reader, Request("trois")));

        var off = Cache(0);
        off.Add(reader, Request("un"), Results(1), long.MaxValue);
        Assert.Null(off.Find(reader, Request("un")));
    }

    private static SearchResultsCache Cache(int entries) =>
        new(Options.Create(new SearchOptions { ResultCacheEntries = entries }));

    private static IndexSearchRequest Request(string query, DateTime? now = null) =>
        new(new CatalogueCriteria { Now = now ?? Now, CanReadPrivate = true }, SearchQuery.Parse(query));

    private static CatalogueResults Results(int total) =>
        new(total, 1, [], new Dictionary<int, int>(), new Dictionary<int, int>(), new Dictionary<int, int>(), new Dictionary<bool, int>(), new Dictionary<int, int>(), null);
}
