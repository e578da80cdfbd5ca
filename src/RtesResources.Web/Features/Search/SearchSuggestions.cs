using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Web.Features.Search;

/// <summary>One suggestion of the search box: what it says, what it is, where it leads.</summary>
public sealed record Suggestion(string Label, string Kind, string Url);

public static class SuggestionKinds
{
    public const string Title = "titre";
    public const string Category = "thématique";
    public const string Speaker = "intervenant";
    public const string Synonym = "synonyme";
}

/// <summary>
/// Suggestions as the visitor types: titles of published resources from the search index, and
/// thématiques, speakers and synonym terms from memory, so that a keystroke costs no SQL. Titles of
/// private resources are public (their page shows them) and are suggested; nothing else of a
/// resource is read here, so no body, summary or file can show through a suggestion.
/// </summary>
public sealed class SearchSuggestions(SearchIndex index, SuggestionTerms terms, TimeProvider clock, ILogger<SearchSuggestions> logger)
{
    public const int Max = 8;
    public const int MinLength = 2;

    /// <summary>Places kept for terms when titles alone would fill the list.</summary>
    private const int ReservedForTerms = 3;

    // Enough to fill the list after the in-memory check drops candidates the index matched loosely.
    private const int TitleCandidates = 200;
    private const int MaxTypedLength = 100;
    private const int MaxTypedWords = 6;

    private static readonly StringComparer French = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);
    private static readonly ISet<string> TitleFields = new HashSet<string> { SearchDocuments.Title, SearchDocuments.Slug };

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string? typed, CancellationToken cancellationToken)
    {
        var text = (typed ?? "").Trim();
        if (text.Length < MinLength)
        {
            return [];
        }

        if (text.Length > MaxTypedLength)
        {
            // Never cut between the two halves of a character: a lone half fails Unicode normalization.
            text = text[..(char.IsHighSurrogate(text[MaxTypedLength - 1]) ? MaxTypedLength - 1 : MaxTypedLength)];
        }

        var words = SuggestionWords.Of(text).Take(MaxTypedWords).ToArray();
        if (words.Length == 0)
        {
            return [];
        }

        var lists = await terms.GetAsync(cancellationToken);
        var categories = Matching(lists.Categories, words, SuggestionKinds.Category);
        var speakers = Matching(lists.Speakers, words, SuggestionKinds.Speaker);
        var synonyms = Matching(lists.Synonyms, words, SuggestionKinds.Synonym);
        var titles = Titles(words, clock.GetUtcNow().UtcDateTime);

        // Terms take turns, so that one kind cannot crowd out the others.
        var others = new List<Suggestion>();
        for (var i = 0; others.Count < Max && i < Max; i++)
        {
            others.AddRange(new[] { categories, speakers, synonyms }.Where(list => i < list.Count).Select(list => list[i]));
        }

        var otherCount = Math.Min(others.Count, Math.Max(Max - titles.Count, ReservedForTerms));
        var chosen = others.Take(otherCount).ToHashSet();
        return [
            .. titles.Take(Max - otherCount),
            .. categories.Where(chosen.Contains),
            .. speakers.Where(chosen.Contains),
            .. synonyms.Where(chosen.Contains),
        ];
    }

    private static List<Suggestion> Matching(IReadOnlyList<SuggestionTerm> candidates, string[] words, string kind) =>
        candidates
            .Where(term => SuggestionWords.Match(words, term.Words))
            .OrderByDescending(term => SuggestionWords.StartsWithFirst(words, term.Words))
            .ThenBy(term => term.Label, French)
            .Take(Max)
            .Select(term => new Suggestion(term.Label, kind, term.Url))
            .ToList();

    /// <summary>
    /// Titles from the index, newest first. The index holds stemmed terms ("collectivit"), so it is asked
    /// for a superset (each word's stem or the word itself as a prefix), and each stored title is then
    /// checked against the words as typed.
    /// </summary>
    private List<Suggestion> Titles(string[] words, DateTime now)
    {
        if (!index.IsReady)
        {
            return [];
        }

        var query = new BooleanQuery
        {
            // Publication is decided at query time, as in the catalogue: a scheduled title appears when its time comes.
            { NumericRangeQuery.NewInt64Range(SearchDocuments.PublishAt, null, now.Ticks, true, true), Occur.MUST },
        };
        foreach (var word in words.Where(w => w.Length > 2))
        {
            var stems = IndexCatalogue.Analyze(word).Select(t => t.Term).ToList();
            // A stop word or elided article is not in the index: only the in-memory check can test it.
            if (stems.Count == 0)
            {
                continue;
            }

            var either = new BooleanQuery();
            foreach (var prefix in stems.Append(word).Distinct(StringComparer.Ordinal))
            {
                either.Add(new PrefixQuery(new Term(SearchDocuments.Title, prefix)), Occur.SHOULD);
            }

            query.Add(either, Occur.MUST);
        }

        try
        {
            return index.Search(searcher =>
            {
                var hits = searcher.Search(query, TitleCandidates, NewestFirst).ScoreDocs;
                var found = new List<Suggestion>();
                foreach (var hit in hits)
                {
                    var document = searcher.Doc(hit.Doc, TitleFields);
                    var title = document.Get(SearchDocuments.Title);
                    if (SuggestionWords.Match(words, SuggestionWords.Of(title)))
                    {
                        found.Add(new Suggestion(title, SuggestionKinds.Title, ResourceUrls.Page(document.Get(SearchDocuments.Slug))));
                        if (found.Count == Max)
                        {
                            break;
                        }
                    }
                }

                return found;
            });
        }
        catch (InvalidOperationException exception)
        {
            // The index closed under us (a rebuild that failed): terms still answer.
            logger.SuggestionsWithoutTitles(exception);
            return [];
        }
    }

    private static readonly Sort NewestFirst = new(
        new SortField(SearchDocuments.PublishedOn, SortFieldType.INT64, reverse: true),
        new SortField(SearchDocuments.Id, SortFieldType.INT64, reverse: true));
}
