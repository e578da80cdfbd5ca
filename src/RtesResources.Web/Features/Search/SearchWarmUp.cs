using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// Runs searches made of the catalogue's own words once the index is open, before the site says it
/// is ready. A fresh process runs its first searches with unoptimised code and cold index files: on
/// 2 cores, the first few hundred searches after a start cost several times what they cost a minute
/// later, and a newsletter's visitors would meet exactly those. The load balancer keeps sending
/// people to the other instance (or waits) until this is done.
/// The warm-up's searches bypass the caches: they leave nothing behind but compiled code and read
/// index pages, so no visitor's search is answered from them.
/// </summary>
public sealed class SearchWarmUp(SearchIndex index, IOptions<SearchOptions> options, TimeProvider clock, ILogger<SearchWarmUp> logger)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDone => _done.Task.IsCompleted;

    /// <summary>Runs the warm-up searches, within the configured count and time; returns how many ran.</summary>
    public int Run(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var ran = 0;
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (settings.WarmUpSearches <= 0)
            {
                return 0;
            }

            var catalogue = Uncached(index);
            var requests = Plan(catalogue, clock.GetUtcNow().UtcDateTime, settings.WarmUpSearches);
            foreach (var request in requests)
            {
                if (cancellationToken.IsCancellationRequested || Stopwatch.GetElapsedTime(started) > settings.WarmUpTime)
                {
                    break;
                }

                catalogue.Search(request);
                ran++;
            }

            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            logger.WarmedUp(ran, seconds);
            return ran;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.WarmUpFailed(exception);
            return ran;
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    /// <summary>An index catalogue whose searches keep nothing: the warm-up's results must serve no one.</summary>
    internal static IndexCatalogue Uncached(SearchIndex index) =>
        new(index, new SearchResultsCache(Options.Create(new SearchOptions { ResultCacheEntries = 0 })),
            new TextMatchCache(Options.Create(new SearchOptions { MatchCacheDocuments = 0 })));

    /// <summary>The warm-up's searches, from the words of the catalogue's first pages (read through <paramref name="catalogue"/>).</summary>
    internal static IReadOnlyList<IndexSearchRequest> Plan(IndexCatalogue catalogue, DateTime now, int count)
    {
        var listing = new List<CatalogueResults>();
        for (var page = 1; page <= 3; page++)
        {
            listing.Add(catalogue.Search(new IndexSearchRequest(new CatalogueCriteria { Now = now, CanReadPrivate = page % 2 == 0 }, SearchQuery.Parse(null)) { Page = page }));
        }

        return [.. Requests(listing, now, count)];
    }

    /// <summary>
    /// The kinds of search people make, from words of the catalogue's first pages: one word, two words,
    /// a phrase, an exclusion, with and without a filter, by relevance and by date, the first page and
    /// the next, with and without private access.
    /// </summary>
    private static IEnumerable<IndexSearchRequest> Requests(List<CatalogueResults> listing, DateTime now, int count)
    {
        var texts = listing.SelectMany(results => results.Items).SelectMany(card => new[] { card.Title, card.Excerpt }).ToList();
        var words = texts.SelectMany(Words).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var phrases = texts.SelectMany(text => Words(text).Zip(Words(text).Skip(1), (first, second) => $"{first} {second}")).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (words.Count == 0)
        {
            yield break;
        }

        var first = listing[0];
        var kinds = first.KindCounts.Keys.Order().ToList();
        var categories = first.CategoryCounts.Keys.Order().ToList();
        var years = first.YearCounts.Keys.Order().ToList();
        for (var i = 0; i < count; i++)
        {
            var word = words[i % words.Count];
            var other = words[(i * 7 + 3) % words.Count];
            var typed = (i % 5) switch
            {
                0 => word,
                1 => $"{word} {other}",
                2 when phrases.Count > 0 => $"\"{phrases[i % phrases.Count]}\"",
                3 => $"{word} -{other}",
                _ => $"{other} {word}",
            };
            var criteria = new CatalogueCriteria
            {
                Now = now,
                CanReadPrivate = i % 2 == 1,
                KindId = i % 3 == 1 && kinds.Count > 0 ? kinds[i % kinds.Count] : null,
                CategoryId = i % 4 == 2 && categories.Count > 0 ? categories[i % categories.Count] : null,
                Year = i % 6 == 5 && years.Count > 0 ? years[i % years.Count] : null,
            };
            yield return new IndexSearchRequest(criteria, SearchQuery.Parse(typed))
            {
                Sort = i % 4 == 3 ? SearchSort.Date : SearchSort.Relevance,
                Page = i % 5 == 4 ? 2 : 1,
            };
        }
    }

    private static IEnumerable<string> Words(string text)
    {
        var word = new StringBuilder();
        foreach (var c in text.Append(' '))
        {
            if (char.IsLetter(c))
            {
                word.Append(c);
                continue;
            }

            if (word.Length >= 5)
            {
                yield return word.ToString();
            }

            word.Clear();
        }
    }
}
