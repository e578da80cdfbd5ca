using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Options;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// The documents matched by the words of a search, with their scores, for one state of the index.
/// Finding them is most of a search's cost; the filters, the facet counts, the order and the page are
/// then a pass over the kept matches. People refine a search (a type, a year, the next page, "date"
/// rather than "pertinence") far more often than they type new words, and each refinement used to
/// run the words again.
/// The key is what decides the matches: the words, phrases and exclusions, the fields searched (with
/// or without private content), and the speaker and series filters that are part of the query. Like
/// <see cref="SearchResultsCache"/>, entries belong to one index reader, and publication is checked
/// while replaying (from doc values), so a kept match never outlives a change or shows a resource
/// before its time.
/// </summary>
public sealed class TextMatchCache(IOptions<SearchOptions> options)
{
    private Generation _current = new(new WeakReference<IndexReader>(null!), new ConcurrentDictionary<string, TextMatches>(StringComparer.Ordinal));

    /// <summary>The matches of this query on the searcher's reader: kept ones, or found now (and kept when there is room).</summary>
    public TextMatches Find(IndexSearcher searcher, string key, Query query)
    {
        var reader = searcher.IndexReader;
        var generation = GenerationOf(reader);
        if (generation?.Entries.TryGetValue(key, out var kept) == true)
        {
            return kept;
        }

        var found = TextMatches.Collect(searcher, query);
        var capacity = options.Value.MatchCacheDocuments;
        if (generation is null || found.Count > capacity / 4)
        {
            // No cache, or one search would take too much of it.
            return found;
        }

        // Bounded by the documents held: when full, start again rather than grow.
        if (Interlocked.Add(ref generation.Documents, found.Count) > capacity)
        {
            generation.Entries.Clear();
            Interlocked.Exchange(ref generation.Documents, found.Count);
        }

        generation.Entries[key] = found;
        return found;
    }

    /// <summary>Whether the matches of this key are kept for this reader (a replay, not a search).</summary>
    public bool Holds(IndexReader reader, string key)
    {
        var generation = Volatile.Read(ref _current);
        return generation.Belongs(reader) && generation.Entries.ContainsKey(key);
    }

    private Generation? GenerationOf(IndexReader reader)
    {
        if (options.Value.MatchCacheDocuments <= 0)
        {
            return null;
        }

        var generation = Volatile.Read(ref _current);
        if (generation.Belongs(reader))
        {
            return generation;
        }

        // Another reader than the cache's: start afresh. A search that began before a change and ends
        // after it may put its reader back for a moment; its entries then serve only that reader.
        var fresh = new Generation(new WeakReference<IndexReader>(reader), new ConcurrentDictionary<string, TextMatches>(StringComparer.Ordinal));
        Interlocked.CompareExchange(ref _current, fresh, generation);
        generation = Volatile.Read(ref _current);
        return generation.Belongs(reader) ? generation : null;
    }

    private sealed class Generation(WeakReference<IndexReader> reader, ConcurrentDictionary<string, TextMatches> entries)
    {
        public long Documents;

        public ConcurrentDictionary<string, TextMatches> Entries { get; } = entries;

        public bool Belongs(IndexReader other) => reader.TryGetTarget(out var own) && ReferenceEquals(own, other);
    }
}

/// <summary>
/// Matched documents and their scores, segment by segment (by the segment's position among the
/// reader's leaves, so that nothing here holds the reader).
/// </summary>
public sealed class TextMatches
{
    private readonly int[][] _docs;
    private readonly float[][] _scores;

    private TextMatches(int[][] docs, float[][] scores, int count)
    {
        _docs = docs;
        _scores = scores;
        Count = count;
    }

    public int Count { get; }

    public static TextMatches Collect(IndexSearcher searcher, Query query)
    {
        var recorder = new Recorder(searcher.IndexReader.Leaves.Count);
        searcher.Search(query, recorder);
        return recorder.ToMatches();
    }

    /// <summary>Gives every kept match, with its score, to a collector, as a search of the same reader would.</summary>
    public void Replay(IndexSearcher searcher, ICollector collector)
    {
        var leaves = searcher.IndexReader.Leaves;
        var scorer = new KeptScorer();
        for (var leaf = 0; leaf < _docs.Length; leaf++)
        {
            var docs = _docs[leaf];
            if (docs.Length == 0)
            {
                continue;
            }

            var scores = _scores[leaf];
            collector.SetNextReader(leaves[leaf]);
            collector.SetScorer(scorer);
            for (var i = 0; i < docs.Length; i++)
            {
                scorer.Doc = docs[i];
                scorer.Score = scores[i];
                collector.Collect(docs[i]);
            }
        }
    }

    private sealed class Recorder(int leafCount) : ICollector
    {
        private readonly int[][] _docs = Enumerable.Repeat(Array.Empty<int>(), leafCount).ToArray();
        private readonly float[][] _scores = Enumerable.Repeat(Array.Empty<float>(), leafCount).ToArray();
        private readonly List<int> _leafDocs = [];
        private readonly List<float> _leafScores = [];
        private int _leaf = -1;
        private int _count;
        private Scorer? _scorer;

        public bool AcceptsDocsOutOfOrder => true;

        public void SetScorer(Scorer scorer) => _scorer = scorer;

        public void SetNextReader(AtomicReaderContext context)
        {
            Flush();
            _leaf = context.Ord;
        }

        public void Collect(int doc)
        {
            _leafDocs.Add(doc);
            _leafScores.Add(_scorer!.GetScore());
        }

        public TextMatches ToMatches()
        {
            Flush();
            return new TextMatches(_docs, _scores, _count);
        }

        private void Flush()
        {
            if (_leaf >= 0 && _leafDocs.Count > 0)
            {
                _docs[_leaf] = [.. _leafDocs];
                _scores[_leaf] = [.. _leafScores];
                _count += _leafDocs.Count;
            }

            _leafDocs.Clear();
            _leafScores.Clear();
        }
    }

    /// <summary>The scorer a replay gives collectors: the kept score of the document being collected.</summary>
    private sealed class KeptScorer() : Scorer(null)
    {
        public int Doc { get; set; } = -1;

        public float Score { get; set; }

        public override int DocID => Doc;

        public override int Freq => 1;

        public override float GetScore() => Score;

        public override int NextDoc() => throw new NotSupportedException();

        public override int Advance(int target) => throw new NotSupportedException();

        public override long GetCost() => 1;
    }
}
