using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Search;

/// <summary>A term that can be suggested, with the folded words a prefix is matched against.</summary>
public sealed record SuggestionTerm(string Label, string Url, IReadOnlyList<string> Words);

/// <summary>The thématiques and speakers of visible resources, and the synonym terms.</summary>
public sealed record SuggestionTermLists(IReadOnlyList<SuggestionTerm> Categories, IReadOnlyList<SuggestionTerm> Speakers, IReadOnlyList<SuggestionTerm> Synonyms);

/// <summary>
/// What suggestions match besides titles, kept in memory so that typing costs no SQL. The short
/// lifetime also brings in the terms of a scheduled resource when its time comes.
/// </summary>
public sealed class SuggestionTerms(IServiceScopeFactory scopes, SearchIndex index, TimeProvider clock)
    : IndexFollowingCache<SuggestionTermLists>(scopes, index, clock)
{
    protected override async Task<SuggestionTermLists> LoadAsync(AppDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        // Only terms that lead somewhere: a thématique or speaker of drafts alone would open an empty list.
        var visible = db.Resources.AsNoTracking().Where(Visibility.IsPublic(nowUtc));
        var categories = await visible.SelectMany(r => r.Categories).Select(c => new { c.Name, c.Slug }).Distinct().ToListAsync(cancellationToken);
        var speakers = await visible.SelectMany(r => r.Speakers).Select(s => new { s.Speaker.Name, s.Speaker.Slug }).Distinct().ToListAsync(cancellationToken);
        var synonyms = await db.SearchSynonyms.AsNoTracking().Select(s => s.Terms).ToListAsync(cancellationToken);

        return new SuggestionTermLists(
            categories.Select(c => Term(c.Name, "/ressources?thematique=" + Uri.EscapeDataString(c.Slug))).ToList(),
            speakers.Select(s => Term(s.Name, "/ressources?intervenant=" + Uri.EscapeDataString(s.Slug))).ToList(),
            synonyms.SelectMany(g => new SearchSynonym { Terms = g }.TermList)
                .DistinctBy(SearchText.Normalize)
                .Select(t => Term(t, "/ressources?q=" + Uri.EscapeDataString(t)))
                .ToList());
    }

    private static SuggestionTerm Term(string label, string url) => new(label, url, SuggestionWords.Of(label));
}

/// <summary>How suggestions match: every word typed is the start of a word of the label, ignoring case and accents.</summary>
public static class SuggestionWords
{
    /// <summary>The folded words of a text: runs of letters and digits ("L'économie" → "l", "economie"; "élu·e" → "elu", "e").</summary>
    public static string[] Of(string? text)
    {
        var folded = SearchText.Normalize(text);
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return [.. words];
    }

    public static bool Match(IReadOnlyList<string> typed, IReadOnlyList<string> label) =>
        typed.All(word => label.Any(candidate => candidate.StartsWith(word, StringComparison.Ordinal)));

    /// <summary>Labels that start with the first word typed read as better answers than those matching further in.</summary>
    public static bool StartsWithFirst(IReadOnlyList<string> typed, IReadOnlyList<string> label) =>
        typed.Count > 0 && label.Count > 0 && label[0].StartsWith(typed[0], StringComparison.Ordinal);
}
