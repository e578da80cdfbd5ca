using System.Collections.Concurrent;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
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
    public TextMatches Find(IndexSearcher searcher, string key, TextClauses clauses)
    {
        var reader = searcher.IndexReader;
        var generation = GenerationOf(reader);
        if (generation?.Entries.TryGetValue(key, out var kept) == true)
        {
            return kept;
        }

        var found = TextMatches.Collect(searcher, clauses);
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
    /// <summary>
    /// Matches are kept in chunks below the large object heap's threshold (85,000 bytes): a common
    /// word's matches in one array would be a large object per search, and allocating those starts
    /// full garbage collections one after another under load.
    /// </summary>
    internal const int ChunkSize = 16_384;

    private readonly List<MatchChunk> _chunks;

    private TextMatches(List<MatchChunk> chunks, int count)
    {
        _chunks = chunks;
        Count = count;
    }

    public int Count { get; }

    /// <summary>
    /// The documents where every clause is found in one of its fields and no exclusion in any, each
    /// scored by where its words were found: for each clause, the boost of the best field it is in,
    /// plus a tenth of the others' (title above speakers and thématiques, above summary, above body,
    /// above files; equal scores then go by date). Not TF-IDF: how often a word is repeated does not
    /// rank a resource, and finding the matches reads only which documents hold each term (no
    /// frequencies, no norms), several times cheaper than scoring every match of a common word.
    /// </summary>
    public static TextMatches Collect(IndexSearcher searcher, TextClauses clauses)
    {
        var chunks = new List<MatchChunk>();
        var weights = new Dictionary<Query, Weight>(ReferenceEqualityComparer.Instance);
        var scratch = MatchScratch.Take(searcher.IndexReader.Leaves.Max(leaf => leaf.AtomicReader.MaxDoc));
        try
        {
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                new SegmentMatcher(searcher, leaf, weights, scratch).Match(clauses, chunks);
            }
        }
        finally
        {
            MatchScratch.Give(scratch);
        }

        return new TextMatches(chunks, chunks.Sum(chunk => chunk.Docs.Length));
    }

    /// <summary>Gives every kept match, with its score, to a collector, as a search of the same reader would.</summary>
    public void Replay(IndexSearcher searcher, ICollector collector)
    {
        var leaves = searcher.IndexReader.Leaves;
        var scorer = new KeptScorer();
        var current = -1;
        foreach (var chunk in _chunks)
        {
            if (chunk.Leaf != current)
            {
                current = chunk.Leaf;
                collector.SetNextReader(leaves[current]);
                collector.SetScorer(scorer);
            }

            var docs = chunk.Docs;
            var scores = chunk.Scores;
            for (var i = 0; i < docs.Length; i++)
            {
                scorer.Doc = docs[i];
                scorer.Score = scores[i];
                collector.Collect(docs[i]);
            }
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

/// <summary>
/// What a search's words ask of the index: every required clause (a word or a phrase, in any of its
/// fields, each field with its boost) and none of the excluded ones, among the documents of the
/// filter when there is one (a speaker, a series).
/// </summary>
public sealed record TextClauses(IReadOnlyList<DisjunctionMaxQuery> Required, IReadOnlyList<DisjunctionMaxQuery> Excluded, Query? Filter);

/// <summary>Matched documents of one segment, in order, with their scores.</summary>
internal sealed record MatchChunk(int Leaf, int[] Docs, float[] Scores);

/// <summary>
/// Work arrays as large as the largest segment, kept between searches: new searches run a few at a
/// time (<see cref="SearchAdmission"/>), so a few sets serve them all without allocating per search.
/// </summary>
internal sealed class MatchScratch(int size)
{
    private static readonly System.Collections.Concurrent.ConcurrentBag<MatchScratch> Kept = [];

    /// <summary>How many clauses each document has matched so far; -1 once excluded.</summary>
    public int[] Passed { get; } = new int[size];

    public float[] Score { get; } = new float[size];

    /// <summary>The current clause's score of each document: its best field's boost plus a tenth of the others'.</summary>
    public float[] ClauseScore { get; } = new float[size];

    public static MatchScratch Take(int size) =>
        Kept.TryTake(out var scratch) && scratch.Passed.Length >= size ? scratch : new MatchScratch(Math.Max(size, 1));

    public static void Give(MatchScratch scratch)
    {
        if (Kept.Count < Environment.ProcessorCount + 1)
        {
            Kept.Add(scratch);
        }
    }
}

/// <summary>One segment's matches of <see cref="TextClauses"/>: clause after clause, among the documents that matched every clause before.</summary>
internal sealed class SegmentMatcher(IndexSearcher searcher, AtomicReaderContext leaf, Dictionary<Query, Weight> weights, MatchScratch scratch)
{
    private const float TieBreaker = 0.1f;
    private readonly AtomicReader _reader = leaf.AtomicReader;

    public void Match(TextClauses clauses, List<MatchChunk> chunks)
    {
        var maxDoc = _reader.MaxDoc;
        if (maxDoc == 0 || clauses.Required.Count == 0)
        {
            return;
        }

        var passed = scratch.Passed;
        var score = scratch.Score;
        var clauseScore = scratch.ClauseScore;
        Array.Clear(passed, 0, maxDoc);
        Array.Clear(score, 0, maxDoc);
        Array.Clear(clauseScore, 0, maxDoc);
        IBits? first = _reader.LiveDocs;
        if (clauses.Filter is { } filter)
        {
            var allowed = new FixedBitSet(maxDoc);
            ForEachDoc(filter, first, doc => allowed.Set(doc));
            first = allowed;
        }

        var touched = new List<int>();
        for (var clause = 0; clause < clauses.Required.Count; clause++)
        {
            var accept = clause == 0 ? first : new Passed(passed, clause, maxDoc);
            // Best field first: the first boost a document gets is its best one.
            foreach (var perField in clauses.Required[clause].Disjuncts.OrderByDescending(query => query.Boost))
            {
                var boost = perField.Boost;
                ForEachDoc(perField, accept, doc =>
                {
                    if (clauseScore[doc] == 0)
                    {
                        touched.Add(doc);
                        clauseScore[doc] = boost;
                    }
                    else
                    {
                        clauseScore[doc] += TieBreaker * boost;
                    }
                });
            }

            if (touched.Count == 0)
            {
                return;
            }

            foreach (var doc in touched)
            {
                passed[doc] = clause + 1;
                score[doc] += clauseScore[doc];
                clauseScore[doc] = 0;
            }

            touched.Clear();
        }

        var all = clauses.Required.Count;
        var candidates = new Passed(passed, all, maxDoc);
        foreach (var excluded in clauses.Excluded)
        {
            foreach (var perField in excluded.Disjuncts)
            {
                ForEachDoc(perField, candidates, doc => passed[doc] = -1);
            }
        }

        var docs = new List<int>(Math.Min(maxDoc, TextMatches.ChunkSize));
        for (var doc = 0; doc < maxDoc; doc++)
        {
            if (passed[doc] != all)
            {
                continue;
            }

            docs.Add(doc);
            if (docs.Count == TextMatches.ChunkSize)
            {
                chunks.Add(Chunk(docs, score));
                docs.Clear();
            }
        }

        if (docs.Count > 0)
        {
            chunks.Add(Chunk(docs, score));
        }
    }

    private MatchChunk Chunk(List<int> docs, float[] score)
    {
        var scores = new float[docs.Count];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = score[docs[i]];
        }

        return new MatchChunk(leaf.Ord, [.. docs], scores);
    }

    /// <summary>Calls <paramref name="action"/> for each accepted document the query matches: a term from its postings alone, anything else through its scorer.</summary>
    private void ForEachDoc(Query query, IBits? accept, Action<int> action)
    {
        if (query is TermQuery termQuery)
        {
            var term = termQuery.Term;
            var terms = _reader.GetTerms(term.Field);
            var termsEnum = terms?.GetEnumerator();
            if (termsEnum is null || !termsEnum.SeekExact(term.Bytes))
            {
                return;
            }

            var postings = termsEnum.Docs(accept, null, DocsFlags.NONE);
            for (var doc = postings.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.NextDoc())
            {
                action(doc);
            }

            return;
        }

        if (!weights.TryGetValue(query, out var weight))
        {
            weight = searcher.CreateNormalizedWeight(query);
            weights[query] = weight;
        }

        var scorer = weight.GetScorer(leaf, accept);
        if (scorer is null)
        {
            return;
        }

        for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
        {
            action(doc);
        }
    }

    /// <summary>The documents that have matched exactly <c>clause</c> clauses: the only ones the next clause needs to look at.</summary>
    private sealed class Passed(int[] passed, int clause, int length) : IBits
    {
        public int Length => length;

        public bool Get(int index) => passed[index] == clause;
    }
}
