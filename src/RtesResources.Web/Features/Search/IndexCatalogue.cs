using System.Runtime.CompilerServices;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Search;

public enum SearchSort
{
    Relevance,
    Date,
}

/// <summary>A catalogue request for the index: the filters (ids), what was typed, the order and the page.</summary>
public sealed record IndexSearchRequest(CatalogueCriteria Criteria, SearchQuery Query)
{
    public SearchSort Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = CatalogueFilter.PageSize;
}

/// <summary>
/// The catalogue read from the search index: results, facet counts and highlighted passages. What a
/// person may match is decided by the fields searched: a private body, transcripts and files are in
/// fields of their own, read only for people with private access.
/// </summary>
public sealed class IndexCatalogue(SearchIndex index, SearchResultsCache cache, TextMatchCache matches)
{
    public const int MaxPage = 500;

    private static readonly (string Field, float Boost)[] PublicFields =
    [
        (SearchDocuments.Title, 10f),
        (SearchDocuments.People, 5f),
        (SearchDocuments.Summary, 3f),
        (SearchDocuments.Body, 1.5f),
        // What is said in a video is its content as much as the body is; just under it, so that a word
        // written in the body still comes first.
        (SearchDocuments.Transcripts, 1.2f),
        (SearchDocuments.Files, 0.6f),
    ];

    private static readonly (string Field, float Boost)[] AllFields =
    [
        .. PublicFields,
        (SearchDocuments.PrivateBody, 1.5f),
        (SearchDocuments.PrivateTranscripts, 1.2f),
        (SearchDocuments.PrivateFiles, 0.6f),
    ];

    private static readonly ISet<string> CardFields = new HashSet<string>
    {
        SearchDocuments.Id, SearchDocuments.Slug, SearchDocuments.Title, SearchDocuments.KindName, SearchDocuments.PublishedOn,
        SearchDocuments.EventDate, SearchDocuments.Private, SearchDocuments.Excerpt,
    };

    public CatalogueResults Search(IndexSearchRequest request)
    {
        var criteria = request.Criteria;
        var fields = criteria.CanReadPrivate ? AllFields : PublicFields;
        var textQuery = BuildTextQuery(request.Query, fields);
        // Words that are all stop words or punctuation ("*", "le la") find nothing rather than everything.
        // A search with words goes through its clauses (TextMatches); only a listing needs this query.
        var listing = textQuery is not null ? null
            : Filtered(NothingToSearch(request.Query) ? new BooleanQuery() : new MatchAllDocsQuery(), request.Query, fields, now: null, criteria.SpeakerId, criteria.SeriesId, excludeId: null);
        var sort = criteria.SeriesId is not null && textQuery is null ? SeriesOrder
            : textQuery is not null && request.Sort == SearchSort.Relevance ? RelevanceOrder
            : DateOrder;
        var page = Math.Clamp(request.Page, 1, MaxPage);

        return index.Search(searcher =>
        {
            var reader = searcher.IndexReader;
            if (cache.Find(reader, request) is { } cached)
            {
                return cached;
            }

            var top = TopFieldCollector.Create(sort, page * request.PageSize, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: false);
            var facets = new FacetCollector(top, criteria);
            if (listing is not null)
            {
                searcher.Search(listing, facets);
            }
            else
            {
                matches.Find(searcher, TextMatchKey(request), ClausesOf(request.Query, fields, criteria.SpeakerId, criteria.SeriesId)).Replay(searcher, facets);
            }

            var totalPages = Math.Max(1, (facets.Total + request.PageSize - 1) / request.PageSize);
            page = Math.Min(page, totalPages);
            var hits = top.GetTopDocs((page - 1) * request.PageSize, request.PageSize).ScoreDocs;
            var passages = textQuery is null ? null : PassageFinder.For(request.Query);
            var items = hits.Select(hit => ToCard(searcher, hit.Doc, passages, criteria.CanReadPrivate)).ToList();
            var results = new CatalogueResults(facets.Total, page, items, facets.KindCounts, facets.CategoryCounts, facets.YearCounts, facets.AccessCounts, facets.SeriesCounts,
                textQuery is null ? null : request.Sort);
            return cache.Add(reader, request, results, NextPublicationAfter(reader, criteria.Now.Ticks));
        });
    }

    /// <summary>
    /// Whether this request has words to run that were not run on the current index yet: the one
    /// expensive kind of request, which <see cref="SearchAdmission"/> lets through a few at a time.
    /// </summary>
    public bool NeedsNewSearch(IndexSearchRequest request)
    {
        var fields = request.Criteria.CanReadPrivate ? AllFields : PublicFields;
        if (BuildTextQuery(request.Query, fields) is null)
        {
            return false;
        }

        var key = TextMatchKey(request);
        return index.Search(searcher => cache.Find(searcher.IndexReader, request) is null && !matches.Holds(searcher.IndexReader, key));
    }

    /// <summary>What decides the matches of a search's words: not the other filters, the order or the page.</summary>
    internal static string TextMatchKey(IndexSearchRequest request)
    {
        var criteria = request.Criteria;
        var key = new System.Text.StringBuilder(64);
        key.Append(criteria.CanReadPrivate ? 'P' : 'p')
            .Append('|').Append(criteria.SpeakerId)
            .Append('|').Append(criteria.SeriesId);
        SearchResultsCache.AppendQuery(key, request.Query);
        return key.ToString();
    }

    /// <summary>The first scheduled publication after this moment (ticks), or long.MaxValue: until then, results stay true.</summary>
    private static long NextPublicationAfter(IndexReader reader, long nowTicks)
    {
        var next = long.MaxValue;
        foreach (var leaf in reader.Leaves)
        {
            next = Math.Min(next, SegmentFacets.Of(leaf.AtomicReader).NextPublicationAfter(nowTicks));
        }

        return next;
    }

    /// <summary>Resources of the same series first, then those sharing the most thématiques, newest first.</summary>
    public IReadOnlyList<ResourceCardViewModel> Related(int resourceId, IReadOnlyCollection<int> categoryIds, int? seriesId, DateTime now, int count)
    {
        var related = new BooleanQuery();
        if (seriesId is int series)
        {
            related.Add(new ConstantScoreQuery(new TermQuery(new Term(SearchDocuments.Series, SearchDocuments.Key(series)))) { Boost = 1000f }, Occur.SHOULD);
        }

        foreach (var categoryId in categoryIds)
        {
            related.Add(new ConstantScoreQuery(new TermQuery(new Term(SearchDocuments.Category, SearchDocuments.Key(categoryId)))) { Boost = 1f }, Occur.SHOULD);
        }

        if (related.Clauses.Count == 0)
        {
            return [];
        }

        var query = Filtered(related, SearchQuery.Parse(null), PublicFields, now, speakerId: null, seriesId: null, excludeId: resourceId);
        return index.Search(searcher => searcher.Search(query, count, RelevanceOrder).ScoreDocs
            .Select(hit => ToCard(searcher, hit.Doc, passages: null, canReadPrivate: false))
            .ToList());
    }

    private static readonly Sort DateOrder = new(
        new SortField(SearchDocuments.PublishedOn, SortFieldType.INT64, reverse: true),
        new SortField(SearchDocuments.Id, SortFieldType.INT64, reverse: true));

    private static readonly Sort RelevanceOrder = new(
        SortField.FIELD_SCORE,
        new SortField(SearchDocuments.PublishedOn, SortFieldType.INT64, reverse: true),
        new SortField(SearchDocuments.Id, SortFieldType.INT64, reverse: true));

    private static readonly Sort SeriesOrder = new(
        new SortField(SearchDocuments.SeriesNumber, SortFieldType.INT64),
        new SortField(SearchDocuments.PublishedOn, SortFieldType.INT64, reverse: true),
        new SortField(SearchDocuments.Id, SortFieldType.INT64, reverse: true));

    /// <summary>False when what was typed holds no word to search for (only punctuation or stop words).</summary>
    public static bool IsSearchable(SearchQuery query) => !NothingToSearch(query);

    // Exclusions alone ("-webinaire") list everything else; anything else typed must give a word.
    private static bool NothingToSearch(SearchQuery query) =>
        query.Typed && query.Excluded.Count == 0 && BuildTextQuery(query, PublicFields) is null;

    /// <summary>The text part: every word and phrase must be found in one of the fields; exclusions in none.</summary>
    internal static BooleanQuery? BuildTextQuery(SearchQuery query, (string Field, float Boost)[] fields)
    {
        var all = new BooleanQuery();
        foreach (var word in query.Words)
        {
            var tokens = Analyze(word);
            if (tokens.Count > 0)
            {
                all.Add(AcrossFields(fields, tokens), Occur.MUST);
            }
        }

        foreach (var phrase in query.Phrases)
        {
            var tokens = Analyze(phrase);
            if (tokens.Count > 0)
            {
                all.Add(AcrossFields(fields, tokens), Occur.MUST);
            }
        }

        return all.Clauses.Count == 0 ? null : all;
    }

    /// <summary>The words, phrases and exclusions as clauses over the fields, and the speaker and series as a filter.</summary>
    internal static TextClauses ClausesOf(SearchQuery query, (string Field, float Boost)[] fields, int? speakerId, int? seriesId)
    {
        var required = query.Words.Concat(query.Phrases).Select(Analyze).Where(tokens => tokens.Count > 0).Select(tokens => AcrossFields(fields, tokens)).ToList();
        var excluded = query.Excluded.Select(Analyze).Where(tokens => tokens.Count > 0).Select(tokens => AcrossFields(fields, tokens)).ToList();
        var filter = new BooleanQuery();
        if (speakerId is int speaker)
        {
            filter.Add(new TermQuery(new Term(SearchDocuments.Speaker, SearchDocuments.Key(speaker))), Occur.MUST);
        }

        if (seriesId is int series)
        {
            filter.Add(new TermQuery(new Term(SearchDocuments.Series, SearchDocuments.Key(series))), Occur.MUST);
        }

        return new TextClauses(required, excluded, filter.Clauses.Count == 0 ? null : filter);
    }

    private static Query Filtered(Query main, SearchQuery text, (string Field, float Boost)[] fields, DateTime? now, int? speakerId, int? seriesId, int? excludeId)
    {
        var query = new BooleanQuery { { main, Occur.MUST } };
        foreach (var excluded in text.Excluded)
        {
            var tokens = Analyze(excluded);
            if (tokens.Count > 0)
            {
                query.Add(AcrossFields(fields, tokens), Occur.MUST_NOT);
            }
        }

        if (excludeId is int id)
        {
            query.Add(new TermQuery(SearchDocuments.IdTerm(id)), Occur.MUST_NOT);
        }

        // Publication is decided at query time: a scheduled resource appears when its time comes. The
        // catalogue checks it from doc values while collecting (no range to rewrite on every request).
        var filter = new BooleanQuery();
        if (now is DateTime moment)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(SearchDocuments.PublishAt, null, moment.Ticks, true, true), Occur.MUST);
        }

        if (speakerId is int speaker)
        {
            filter.Add(new TermQuery(new Term(SearchDocuments.Speaker, SearchDocuments.Key(speaker))), Occur.MUST);
        }

        if (seriesId is int series)
        {
            filter.Add(new TermQuery(new Term(SearchDocuments.Series, SearchDocuments.Key(series))), Occur.MUST);
        }

        return filter.Clauses.Count == 0 ? query : new FilteredQuery(query, new QueryWrapperFilter(filter));
    }

    /// <summary>One word (or a phrase, when the analyzer makes several terms of it) in any field, the best field counting.</summary>
    private static DisjunctionMaxQuery AcrossFields((string Field, float Boost)[] fields, List<(string Term, int Position)> tokens)
    {
        var any = new DisjunctionMaxQuery(0.1f);
        foreach (var (field, boost) in fields)
        {
            Query perField;
            if (tokens.Count == 1)
            {
                perField = new TermQuery(new Term(field, tokens[0].Term));
            }
            else
            {
                var phrase = new PhraseQuery();
                foreach (var (term, position) in tokens)
                {
                    phrase.Add(new Term(field, term), position);
                }

                perField = phrase;
            }

            perField.Boost = boost;
            any.Add(perField);
        }

        return any;
    }

    /// <summary>The query's terms with their positions (a removed stop word leaves its place, as in documents).</summary>
    internal static List<(string Term, int Position)> Analyze(string text)
    {
        var tokens = new List<(string, int)>();
        using var stream = FrenchSearchAnalyzer.ForQueries.GetTokenStream(SearchDocuments.Title, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken() && tokens.Count < 32)
        {
            position += increment.PositionIncrement;
            tokens.Add((term.ToString(), position));
        }

        stream.End();
        return tokens;
    }

    private ResourceCardViewModel ToCard(IndexSearcher searcher, int docId, PassageFinder? passages, bool canReadPrivate)
    {
        var document = searcher.Doc(docId, CardFields);
        var eventDay = document.GetField(SearchDocuments.EventDate)?.GetInt32Value();
        var isPrivate = document.Get(SearchDocuments.Private) == "1";
        var card = new ResourceCardViewModel(
            document.Get(SearchDocuments.Slug),
            document.Get(SearchDocuments.Title),
            document.Get(SearchDocuments.KindName),
            DateOnly.FromDayNumber(document.GetField(SearchDocuments.PublishedOn).GetInt32Value() ?? 0),
            eventDay is int day ? DateOnly.FromDayNumber(day) : null,
            isPrivate,
            document.Get(SearchDocuments.Excerpt))
        {
            Id = int.Parse(document.Get(SearchDocuments.Id), System.Globalization.CultureInfo.InvariantCulture),
        };

        return passages is null ? card : WithPassage(searcher, docId, card, passages, canReadPrivate || !isPrivate);
    }

    /// <summary>
    /// The best passage where the words were found, with the words marked, and where it comes from:
    /// the summary, the text, a video's transcript, or a file. A private body, transcript or file is read
    /// only for those who may read it.
    /// </summary>
    private ResourceCardViewModel WithPassage(IndexSearcher searcher, int docId, ResourceCardViewModel card, PassageFinder passages, bool mayReadContent)
    {
        var bodyField = card.IsPrivate ? SearchDocuments.PrivateBody : SearchDocuments.Body;
        var filesField = card.IsPrivate ? SearchDocuments.PrivateFiles : SearchDocuments.Files;
        var transcriptsField = card.IsPrivate ? SearchDocuments.PrivateTranscripts : SearchDocuments.Transcripts;
        var wanted = new HashSet<string> { SearchDocuments.Summary };
        if (mayReadContent)
        {
            wanted.UnionWith([bodyField, filesField, SearchDocuments.FileName, transcriptsField, SearchDocuments.VideoLabel]);
        }

        var document = searcher.Doc(docId, wanted);
        var analyzer = index.DocumentAnalyzer;

        // One read gives every field's vector: the text's is then at hand if the summary has no passage.
        var vectors = searcher.IndexReader.GetTermVectors(docId);
        var passage = passages.Find(vectors?.GetTerms(SearchDocuments.Summary), document.Get(SearchDocuments.Summary));
        if (passage is not null)
        {
            return card with { PassageHtml = passage, PassageSource = "dans le résumé" };
        }

        if (!mayReadContent)
        {
            return card;
        }

        passage = passages.Find(vectors?.GetTerms(bodyField), document.Get(bodyField));
        if (passage is not null)
        {
            return card with { PassageHtml = passage, PassageSource = "dans le texte" };
        }

        var transcripts = document.GetValues(transcriptsField);
        var labels = document.GetValues(SearchDocuments.VideoLabel);
        for (var i = 0; i < transcripts.Length; i++)
        {
            passage = passages.Find(analyzer, transcriptsField, transcripts[i]);
            if (passage is not null)
            {
                return card with { PassageHtml = passage, PassageSource = i < labels.Length ? $"dans la transcription de la vidéo « {labels[i]} »" : "dans la transcription d'une vidéo" };
            }
        }

        var texts = document.GetValues(filesField);
        var names = document.GetValues(SearchDocuments.FileName);
        for (var i = 0; i < texts.Length; i++)
        {
            passage = passages.Find(analyzer, filesField, texts[i]);
            if (passage is not null)
            {
                var name = i < names.Length ? names[i] : "joint";
                return card with { PassageHtml = passage, PassageSource = $"dans le fichier « {name} »" };
            }
        }

        return card;
    }

    /// <summary>
    /// Counts every facet in the same pass that collects the page: each value is counted over the
    /// documents that pass every other filter, so it says how many choosing it would show.
    /// </summary>
    private sealed class FacetCollector(ICollector inner, CatalogueCriteria request) : ICollector
    {
        private const int FirstYear = 1900;
        private readonly long _now = request.Now.Ticks;
        private SegmentFacets _segment = SegmentFacets.Empty;

        // Counts by id in growable arrays: a MatchAll over the whole catalogue passes every document here.
        private int[] _kindCounts = new int[16];
        private int[] _categoryCounts = new int[64];
        private int[] _yearCounts = new int[16];
        private int[] _seriesCounts = new int[16];
        private readonly int[] _accessCounts = new int[2];

        public int Total { get; private set; }
        public Dictionary<int, int> KindCounts => ToDictionary(_kindCounts, 0);
        public Dictionary<int, int> CategoryCounts => ToDictionary(_categoryCounts, 0);
        public Dictionary<int, int> YearCounts => ToDictionary(_yearCounts, FirstYear);
        public Dictionary<int, int> SeriesCounts => ToDictionary(_seriesCounts, 0);
        public Dictionary<bool, int> AccessCounts => new() { [false] = _accessCounts[0], [true] = _accessCounts[1] };

        public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            inner.SetNextReader(context);
            _segment = SegmentFacets.Of(context.AtomicReader);
        }

        public void Collect(int doc)
        {
            var segment = _segment;
            if (segment.PublishAt[doc] > _now)
            {
                return;
            }

            var kind = segment.Kinds[doc];
            var year = segment.Years[doc];
            var isPrivate = segment.Private[doc];
            var firstCategory = segment.CategoryStarts[doc];
            var endCategory = segment.CategoryStarts[doc + 1];
            var categoryOk = request.CategoryId is null;
            for (var i = firstCategory; i < endCategory && !categoryOk; i++)
            {
                categoryOk = segment.CategoryIds[i] == request.CategoryId;
            }

            var kindOk = request.KindId is not int k || k == kind;
            var yearOk = request.Year is not int y || y == year;
            var accessOk = request.Access is not AccessFilter a || (a == AccessFilter.MembersOnly) == isPrivate;

            if (categoryOk && yearOk && accessOk)
            {
                Increment(ref _kindCounts, kind);
            }

            if (kindOk && yearOk && accessOk)
            {
                for (var i = firstCategory; i < endCategory; i++)
                {
                    Increment(ref _categoryCounts, segment.CategoryIds[i]);
                }
            }

            if (kindOk && categoryOk && accessOk)
            {
                Increment(ref _yearCounts, year - FirstYear);
            }

            if (kindOk && categoryOk && yearOk)
            {
                _accessCounts[isPrivate ? 1 : 0]++;
            }

            if (kindOk && categoryOk && yearOk && accessOk)
            {
                Total++;
                if (segment.Series[doc] != 0)
                {
                    Increment(ref _seriesCounts, segment.Series[doc]);
                }

                inner.Collect(doc);
            }
        }

        private static void Increment(ref int[] counts, int index)
        {
            if (index < 0)
            {
                return;
            }

            if (index >= counts.Length)
            {
                Array.Resize(ref counts, Math.Max(index + 1, counts.Length * 2));
            }

            counts[index]++;
        }

        private static Dictionary<int, int> ToDictionary(int[] counts, int offset)
        {
            var dictionary = new Dictionary<int, int>();
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] > 0)
                {
                    dictionary[i + offset] = counts[i];
                }
            }

            return dictionary;
        }
    }

    /// <summary>
    /// A segment's filter and facet values as plain arrays, read once from its doc values and kept
    /// as long as the segment lives (segments never change; deletions are applied by the query).
    /// Reading compressed doc values for every document of every request cost more than the search.
    /// </summary>
    private sealed class SegmentFacets
    {
        private static readonly ConditionalWeakTable<object, SegmentFacets> Cache = new();

        public static readonly SegmentFacets Empty = new(0);

        private SegmentFacets(int maxDoc)
        {
            PublishAt = new long[maxDoc];
            Kinds = new int[maxDoc];
            Years = new int[maxDoc];
            Private = new bool[maxDoc];
            Series = new int[maxDoc];
            CategoryStarts = new int[maxDoc + 1];
        }

        public long[] PublishAt { get; }
        public int[] Kinds { get; }
        public int[] Years { get; }
        public bool[] Private { get; }
        public int[] Series { get; }

        /// <summary>A document's thématiques are CategoryIds[CategoryStarts[doc]..CategoryStarts[doc + 1]].</summary>
        public int[] CategoryStarts { get; }

        public int[] CategoryIds { get; private set; } = [];

        /// <summary>Every publication moment of the segment, in order (built on first use).</summary>
        private long[]? _publicationsInOrder;

        public long NextPublicationAfter(long ticks)
        {
            var moments = _publicationsInOrder ??= PublicationsInOrder();
            var at = Array.BinarySearch(moments, ticks);
            // The first moment strictly after ticks (BinarySearch finds one of equal values, or the complement of the next).
            at = at < 0 ? ~at : at + 1;
            while (at < moments.Length && moments[at] <= ticks)
            {
                at++;
            }

            return at < moments.Length ? moments[at] : long.MaxValue;
        }

        private long[] PublicationsInOrder()
        {
            var moments = (long[])PublishAt.Clone();
            Array.Sort(moments);
            return moments;
        }

        public static SegmentFacets Of(AtomicReader reader) => Cache.GetValue(reader.CoreCacheKey, _ => Read(reader));

        private static SegmentFacets Read(AtomicReader reader)
        {
            var maxDoc = reader.MaxDoc;
            var facets = new SegmentFacets(maxDoc);
            var publishAt = reader.GetNumericDocValues(SearchDocuments.PublishAt);
            var kinds = reader.GetNumericDocValues(SearchDocuments.Kind);
            var years = reader.GetNumericDocValues(SearchDocuments.Year);
            var isPrivate = reader.GetNumericDocValues(SearchDocuments.Private);
            var series = reader.GetNumericDocValues(SearchDocuments.Series);
            var categories = reader.GetSortedSetDocValues(SearchDocuments.Category);
            var idsByOrd = new int[categories?.ValueCount ?? 0];
            var value = new BytesRef();
            for (var ord = 0; ord < idsByOrd.Length; ord++)
            {
                categories!.LookupOrd(ord, value);
                idsByOrd[ord] = int.Parse(value.Utf8ToString(), System.Globalization.CultureInfo.InvariantCulture);
            }

            var categoryIds = new List<int>(maxDoc * 2);
            for (var doc = 0; doc < maxDoc; doc++)
            {
                // A document without the field (none today) is never shown: it counts as unpublished.
                facets.PublishAt[doc] = publishAt?.Get(doc) ?? long.MaxValue;
                facets.Kinds[doc] = (int)(kinds?.Get(doc) ?? 0);
                facets.Years[doc] = (int)(years?.Get(doc) ?? 0);
                facets.Private[doc] = (isPrivate?.Get(doc) ?? 0) == 1;
                facets.Series[doc] = (int)(series?.Get(doc) ?? 0);
                facets.CategoryStarts[doc] = categoryIds.Count;
                if (categories is not null)
                {
                    categories.SetDocument(doc);
                    long ord;
                    while ((ord = categories.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                    {
                        categoryIds.Add(idsByOrd[ord]);
                    }
                }
            }

            facets.CategoryStarts[maxDoc] = categoryIds.Count;
            facets.CategoryIds = categoryIds.ToArray();
            return facets;
        }
    }

}
