using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Search;

public enum SearchSort
{
    Relevance,
    Date,
}

/// <summary>A catalogue request with its terms resolved to ids.</summary>
public sealed record IndexSearchRequest
{
    public SearchQuery Query { get; init; } = SearchQuery.Parse(null);
    public int? KindId { get; init; }
    public int? CategoryId { get; init; }
    public int? Year { get; init; }
    public AccessFilter? Access { get; init; }
    public int? SpeakerId { get; init; }
    public int? SeriesId { get; init; }
    public bool CanReadPrivate { get; init; }
    public DateTime Now { get; init; }
    public SearchSort Sort { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = CatalogueFilter.PageSize;
}

/// <summary>One page of results with every facet's counts, from one pass over the index.</summary>
public sealed record IndexSearchResult(
    int Total,
    int Page,
    IReadOnlyList<ResourceCardViewModel> Items,
    IReadOnlyDictionary<int, int> KindCounts,
    IReadOnlyDictionary<int, int> CategoryCounts,
    IReadOnlyDictionary<int, int> YearCounts,
    IReadOnlyDictionary<bool, int> AccessCounts,
    IReadOnlyDictionary<int, int> SeriesCounts);

/// <summary>
/// The catalogue read from the search index: results, facet counts and highlighted passages. What a
/// person may match is decided by the fields searched: a private body and private files are in
/// fields of their own, read only for people with private access.
/// </summary>
public sealed class IndexCatalogue(SearchIndex index)
{
    public const int MaxPage = 500;
    private const int PassageLength = 220;

    private static readonly (string Field, float Boost)[] PublicFields =
    [
        (SearchDocuments.Title, 10f),
        (SearchDocuments.People, 5f),
        (SearchDocuments.Summary, 3f),
        (SearchDocuments.Body, 1.5f),
        (SearchDocuments.Files, 0.6f),
    ];

    private static readonly (string Field, float Boost)[] AllFields =
    [
        .. PublicFields,
        (SearchDocuments.PrivateBody, 1.5f),
        (SearchDocuments.PrivateFiles, 0.6f),
    ];

    private static readonly ISet<string> CardFields = new HashSet<string>
    {
        SearchDocuments.Id, SearchDocuments.Slug, SearchDocuments.Title, SearchDocuments.KindName, SearchDocuments.PublishedOn,
        SearchDocuments.EventDate, SearchDocuments.Private, SearchDocuments.Excerpt,
    };

    public IndexSearchResult Search(IndexSearchRequest request)
    {
        var fields = request.CanReadPrivate ? AllFields : PublicFields;
        var textQuery = BuildTextQuery(request.Query, fields);
        // Words that are all stop words or punctuation ("*", "le la") find nothing rather than everything.
        Query main = textQuery is not null ? textQuery : NothingToSearch(request.Query) ? new BooleanQuery() : new MatchAllDocsQuery();
        var query = Filtered(main, request.Query, fields, request.Now, request.SpeakerId, request.SeriesId, excludeId: null);
        var sort = request.SeriesId is not null && textQuery is null ? SeriesOrder
            : textQuery is not null && request.Sort == SearchSort.Relevance ? RelevanceOrder
            : DateOrder;
        var page = Math.Clamp(request.Page, 1, MaxPage);

        return index.Search(searcher =>
        {
            var top = TopFieldCollector.Create(sort, page * request.PageSize, fillFields: false, trackDocScores: false, trackMaxScore: false, docsScoredInOrder: false);
            var facets = new FacetCollector(top, request);
            searcher.Search(query, facets);

            var totalPages = Math.Max(1, (facets.Total + request.PageSize - 1) / request.PageSize);
            page = Math.Min(page, totalPages);
            var hits = top.GetTopDocs((page - 1) * request.PageSize, request.PageSize).ScoreDocs;
            var items = hits.Select(hit => ToCard(searcher, hit.Doc, textQuery, request.CanReadPrivate)).ToList();
            return new IndexSearchResult(facets.Total, page, items, facets.KindCounts, facets.CategoryCounts, facets.YearCounts, facets.AccessCounts, facets.SeriesCounts);
        });
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
            .Select(hit => ToCard(searcher, hit.Doc, textQuery: null, canReadPrivate: false))
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

    private static FilteredQuery Filtered(Query main, SearchQuery text, (string Field, float Boost)[] fields, DateTime now, int? speakerId, int? seriesId, int? excludeId)
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

        // Publication is decided at query time: a scheduled resource appears when its time comes.
        var filter = new BooleanQuery
        {
            { NumericRangeQuery.NewInt64Range(SearchDocuments.PublishAt, null, now.Ticks, true, true), Occur.MUST },
        };
        if (speakerId is int speaker)
        {
            filter.Add(new TermQuery(new Term(SearchDocuments.Speaker, SearchDocuments.Key(speaker))), Occur.MUST);
        }

        if (seriesId is int series)
        {
            filter.Add(new TermQuery(new Term(SearchDocuments.Series, SearchDocuments.Key(series))), Occur.MUST);
        }

        return new FilteredQuery(query, new QueryWrapperFilter(filter));
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

    private ResourceCardViewModel ToCard(IndexSearcher searcher, int docId, Query? textQuery, bool canReadPrivate)
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

        return textQuery is null ? card : WithPassage(searcher, docId, card, textQuery, canReadPrivate || !isPrivate);
    }

    /// <summary>
    /// The best passage where the words were found, with the words marked, and where it comes from:
    /// the summary, the text, or a file. A private body or file is read only for those who may read it.
    /// </summary>
    private ResourceCardViewModel WithPassage(IndexSearcher searcher, int docId, ResourceCardViewModel card, Query textQuery, bool mayReadContent)
    {
        var bodyField = card.IsPrivate ? SearchDocuments.PrivateBody : SearchDocuments.Body;
        var filesField = card.IsPrivate ? SearchDocuments.PrivateFiles : SearchDocuments.Files;
        var wanted = new HashSet<string> { SearchDocuments.Summary };
        if (mayReadContent)
        {
            wanted.UnionWith([bodyField, filesField, SearchDocuments.FileName]);
        }

        var document = searcher.Doc(docId, wanted);
        var analyzer = index.DocumentAnalyzer;

        var passage = BestFragment(textQuery, SearchDocuments.Summary, document.Get(SearchDocuments.Summary), analyzer);
        if (passage is not null)
        {
            return card with { PassageHtml = passage, PassageSource = "dans le résumé" };
        }

        if (!mayReadContent)
        {
            return card;
        }

        passage = BestFragment(textQuery, bodyField, document.Get(bodyField), analyzer);
        if (passage is not null)
        {
            return card with { PassageHtml = passage, PassageSource = "dans le texte" };
        }

        var texts = document.GetValues(filesField);
        var names = document.GetValues(SearchDocuments.FileName);
        for (var i = 0; i < texts.Length; i++)
        {
            passage = BestFragment(textQuery, filesField, texts[i], analyzer);
            if (passage is not null)
            {
                var name = i < names.Length ? names[i] : "joint";
                return card with { PassageHtml = passage, PassageSource = $"dans le fichier « {name} »" };
            }
        }

        return card;
    }

    /// <summary>Highlighted with the document analyzer, so that a synonym found ("SCIC") marks the words it stands for.</summary>
    private static string? BestFragment(Query query, string field, string? text, Lucene.Net.Analysis.Analyzer analyzer)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var scorer = new QueryScorer(query, field);
        // The encoder escapes the text: only <mark> is markup in what this returns.
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), PassageEncoder.Instance, scorer)
        {
            TextFragmenter = new SimpleSpanFragmenter(scorer, PassageLength),
            MaxDocCharsToAnalyze = 200_000,
        };
        var fragment = highlighter.GetBestFragment(analyzer, field, text);
        return string.IsNullOrWhiteSpace(fragment) ? null : fragment.Trim();
    }

    /// <summary>
    /// Counts every facet in the same pass that collects the page: each value is counted over the
    /// documents that pass every other filter, so it says how many choosing it would show.
    /// </summary>
    private sealed class FacetCollector(ICollector inner, IndexSearchRequest request) : ICollector
    {
        private NumericDocValues? _kinds;
        private NumericDocValues? _years;
        private NumericDocValues? _private;
        private NumericDocValues? _series;
        private SortedSetDocValues? _categories;
        private int[] _categoryIdsByOrd = [];
        private readonly List<int> _docCategories = [];

        public int Total { get; private set; }
        public Dictionary<int, int> KindCounts { get; } = [];
        public Dictionary<int, int> CategoryCounts { get; } = [];
        public Dictionary<int, int> YearCounts { get; } = [];
        public Dictionary<bool, int> AccessCounts { get; } = [];
        public Dictionary<int, int> SeriesCounts { get; } = [];

        public bool AcceptsDocsOutOfOrder => inner.AcceptsDocsOutOfOrder;

        public void SetScorer(Scorer scorer) => inner.SetScorer(scorer);

        public void SetNextReader(AtomicReaderContext context)
        {
            inner.SetNextReader(context);
            var reader = context.AtomicReader;
            _kinds = reader.GetNumericDocValues(SearchDocuments.Kind);
            _years = reader.GetNumericDocValues(SearchDocuments.Year);
            _private = reader.GetNumericDocValues(SearchDocuments.Private);
            _series = reader.GetNumericDocValues(SearchDocuments.Series);
            _categories = reader.GetSortedSetDocValues(SearchDocuments.Category);
            _categoryIdsByOrd = new int[_categories?.ValueCount ?? 0];
            var value = new BytesRef();
            for (var ord = 0; ord < _categoryIdsByOrd.Length; ord++)
            {
                _categories!.LookupOrd(ord, value);
                _categoryIdsByOrd[ord] = int.Parse(value.Utf8ToString(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        public void Collect(int doc)
        {
            var kind = (int)(_kinds?.Get(doc) ?? 0);
            var year = (int)(_years?.Get(doc) ?? 0);
            var isPrivate = (_private?.Get(doc) ?? 0) == 1;
            _docCategories.Clear();
            if (_categories is not null)
            {
                _categories.SetDocument(doc);
                long ord;
                while ((ord = _categories.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    _docCategories.Add(_categoryIdsByOrd[ord]);
                }
            }

            var kindOk = request.KindId is not int k || k == kind;
            var yearOk = request.Year is not int y || y == year;
            var accessOk = request.Access is not AccessFilter a || (a == AccessFilter.MembersOnly) == isPrivate;
            var categoryOk = request.CategoryId is not int c || _docCategories.Contains(c);

            if (categoryOk && yearOk && accessOk)
            {
                Increment(KindCounts, kind);
            }

            if (kindOk && yearOk && accessOk)
            {
                foreach (var category in _docCategories)
                {
                    Increment(CategoryCounts, category);
                }
            }

            if (kindOk && categoryOk && accessOk)
            {
                Increment(YearCounts, year);
            }

            if (kindOk && categoryOk && yearOk)
            {
                Increment(AccessCounts, isPrivate);
            }

            if (kindOk && categoryOk && yearOk && accessOk)
            {
                Total++;
                var series = (int)(_series?.Get(doc) ?? 0);
                if (series != 0)
                {
                    Increment(SeriesCounts, series);
                }

                inner.Collect(doc);
            }
        }

        private static void Increment<TKey>(Dictionary<TKey, int> counts, TKey key)
            where TKey : notnull =>
            counts[key] = counts.GetValueOrDefault(key) + 1;
    }
}

/// <summary>
/// Escapes what HTML gives a meaning to (&amp;, &lt;, &gt;, quotes) and leaves French letters as they are,
/// like the rest of the site's pages (Lucene's own encoder writes every accent as an entity).
/// </summary>
internal sealed class PassageEncoder : IEncoder
{
    public static readonly PassageEncoder Instance = new();

    public string EncodeText(string originalText)
    {
        var encoded = new System.Text.StringBuilder(originalText.Length + 16);
        foreach (var c in originalText)
        {
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return encoded.ToString();
    }
}
