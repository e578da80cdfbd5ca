using System.Text;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// Finds the passage of a stored text where the searched words are, and marks them. The text is run
/// once through the analyzer the documents were indexed with (so a synonym found, "SCIC", marks the
/// words it stands for, and "élus" marks "élu·e·s"); a word matches where the analyzer gives its
/// term, a phrase where its terms follow each other. The analysis stops as soon as every word has
/// been seen. Lucene's highlighter did the same job with a small in-memory index per text and
/// phrase, which cost more than the search itself. For the summary and the text, the index keeps
/// each word's positions and offsets (term vectors): only the searched terms are read there, and
/// nothing is analysed again (that analysis was a fifth of a new search's time).
/// </summary>
internal sealed class PassageFinder
{
    public const int PassageLength = 220;

    /// <summary>How far into a long text (an attached file) words are looked for.</summary>
    private const int MaxCharsToAnalyze = 200_000;

    /// <summary>How many occurrences are kept to choose the passage from.</summary>
    private const int MaxOccurrences = 256;

    private const int ContextBefore = 60;

    private readonly Needle[] _needles;
    private readonly CharArraySet _terms;
    private readonly (string Text, BytesRef Bytes)[] _distinctTerms;

    private PassageFinder(Needle[] needles)
    {
        _needles = needles;
        var distinct = needles.SelectMany(n => n.Terms).Distinct(StringComparer.Ordinal).ToList();
        _terms = new CharArraySet(FrenchSearchAnalyzer.Version, distinct, ignoreCase: false);
        _distinctTerms = [.. distinct.Select(term => (term, new BytesRef(term)))];
    }

    /// <summary>The words and phrases to mark, analyzed as a query; null when there is nothing to mark.</summary>
    public static PassageFinder? For(SearchQuery query)
    {
        var needles = query.Words.Concat(query.Phrases)
            .Select(text => IndexCatalogue.Analyze(text))
            .Where(tokens => tokens.Count > 0)
            .Select(tokens => new Needle(
                tokens.Select(t => t.Term).ToArray(),
                tokens.Select(t => t.Position - tokens[0].Position).ToArray()))
            .ToArray();
        return needles.Length == 0 ? null : new PassageFinder(needles);
    }

    /// <summary>The best passage of the text with the words marked (HTML), or null when none is found in it.</summary>
    public string? Find(Analyzer analyzer, string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Best(text, FindOccurrences(analyzer, field, text));
    }

    /// <summary>
    /// As <see cref="Find(Analyzer, string, string?)"/>, from the field's term vector (the terms, positions
    /// and offsets the index kept for this document) instead of analysing the text again.
    /// </summary>
    public string? Find(Terms? vector, string? text)
    {
        if (vector is null || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var tokens = new List<Token>();
        var terms = vector.GetEnumerator();
        DocsAndPositionsEnum? positions = null;
        foreach (var (term, bytes) in _distinctTerms)
        {
            if (!terms.SeekExact(bytes))
            {
                continue;
            }

            positions = terms.DocsAndPositions(null, positions, DocsAndPositionsFlags.OFFSETS);
            if (positions is null || positions.NextDoc() == DocIdSetIterator.NO_MORE_DOCS)
            {
                continue;
            }

            for (var i = positions.Freq; i > 0; i--)
            {
                var position = positions.NextPosition();
                var (start, end) = (positions.StartOffset, positions.EndOffset);
                if (start < 0 || end > text.Length || start >= end)
                {
                    // Offsets that do not fit this text (not stored with the vector, or another text):
                    // marking them would cut words.
                    return null;
                }

                if (start <= MaxCharsToAnalyze)
                {
                    tokens.Add(new Token(term, position, start, end));
                }
            }
        }

        if (tokens.Count == 0)
        {
            return null;
        }

        tokens.Sort((a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : a.Start.CompareTo(b.Start));
        var occurrences = new List<Occurrence>();
        var cursor = 0;
        Match(tokens, ref cursor, int.MaxValue, new bool[_needles.Length], occurrences);
        occurrences.Sort((a, b) => a.Start.CompareTo(b.Start));
        if (occurrences.Count > MaxOccurrences)
        {
            occurrences.RemoveRange(MaxOccurrences, occurrences.Count - MaxOccurrences);
        }

        return Best(text, occurrences);
    }

    /// <summary>The passage around the best window of these occurrences (in text order), or null when there are none.</summary>
    private string? Best(string text, List<Occurrence> occurrences)
    {
        if (occurrences.Count == 0)
        {
            return null;
        }

        var (start, end) = ChooseWindow(text, occurrences);
        return Render(text, start, end, occurrences);
    }

    private List<Occurrence> FindOccurrences(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<Token>();
        var seen = new bool[_needles.Length];
        var seenCount = 0;
        var occurrences = new List<Occurrence>();

        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var position = -1;
        var longestNeedle = _needles.Max(n => n.Positions[^1]);
        var lastChecked = -1;
        var cursor = 0;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            if (offset.StartOffset > MaxCharsToAnalyze)
            {
                break;
            }

            // Occurrences are looked for once every token up to a position is known, phrases included.
            if (position - longestNeedle > lastChecked)
            {
                lastChecked = position - longestNeedle - 1;
                seenCount += Match(tokens, ref cursor, lastChecked, seen, occurrences);
                if (seenCount == _needles.Length || occurrences.Count >= MaxOccurrences)
                {
                    break;
                }
            }

            if (_terms.Contains(term.Buffer, 0, term.Length))
            {
                tokens.Add(new Token(term.ToString(), position, offset.StartOffset, offset.EndOffset));
            }
        }

        if (seenCount < _needles.Length && occurrences.Count < MaxOccurrences)
        {
            Match(tokens, ref cursor, int.MaxValue, seen, occurrences);
        }

        stream.End();
        occurrences.Sort((a, b) => a.Start.CompareTo(b.Start));
        return occurrences;
    }

    /// <summary>
    /// Records the occurrences that begin at the tokens from the cursor up to this position, and moves
    /// the cursor past them; returns how many needles were seen for the first time.
    /// </summary>
    private int Match(List<Token> tokens, ref int cursor, int upToPosition, bool[] seen, List<Occurrence> occurrences)
    {
        var newlySeen = 0;
        for (; cursor < tokens.Count && tokens[cursor].Position <= upToPosition; cursor++)
        {
            var first = tokens[cursor];
            for (var n = 0; n < _needles.Length; n++)
            {
                var needle = _needles[n];
                if (!string.Equals(needle.Terms[0], first.Term, StringComparison.Ordinal))
                {
                    continue;
                }

                var end = first.End;
                var matched = true;
                for (var k = 1; k < needle.Terms.Length && matched; k++)
                {
                    var next = Find(tokens, cursor + 1, first.Position + needle.Positions[k], needle.Terms[k]);
                    matched = next >= 0;
                    if (matched)
                    {
                        end = Math.Max(end, tokens[next].End);
                    }
                }

                if (matched)
                {
                    occurrences.Add(new Occurrence(n, first.Start, end));
                    if (!seen[n])
                    {
                        seen[n] = true;
                        newlySeen++;
                    }
                }
            }
        }

        return newlySeen;
    }

    /// <summary>The token with this term at this position, looked for from an index on (tokens are in position order).</summary>
    private static int Find(List<Token> tokens, int from, int position, string term)
    {
        for (var i = from; i < tokens.Count && tokens[i].Position <= position; i++)
        {
            if (tokens[i].Position == position && string.Equals(tokens[i].Term, term, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The window of the passage: the one that shows the most different words, the earliest among equals.</summary>
    private (int Start, int End) ChooseWindow(string text, List<Occurrence> occurrences)
    {
        var bestAnchor = 0;
        var bestCount = 0;
        var inWindow = new bool[_needles.Length];
        for (var i = 0; i < occurrences.Count; i++)
        {
            Array.Clear(inWindow);
            var count = 0;
            for (var j = i; j < occurrences.Count && occurrences[j].End - occurrences[i].Start <= PassageLength - ContextBefore; j++)
            {
                if (!inWindow[occurrences[j].Needle])
                {
                    inWindow[occurrences[j].Needle] = true;
                    count++;
                }
            }

            if (count > bestCount)
            {
                bestCount = count;
                bestAnchor = i;
            }
        }

        var anchor = occurrences[bestAnchor].Start;
        var start = Math.Max(0, anchor - ContextBefore);
        if (start > 0)
        {
            // Begin on a word: after the first space of the context.
            var space = text.IndexOf(' ', start, anchor - start);
            start = space >= 0 ? space + 1 : anchor;
        }

        var anchorEnd = occurrences[bestAnchor].End;
        var end = Math.Min(text.Length, start + PassageLength);
        if (end <= anchorEnd)
        {
            return (start, anchorEnd);
        }

        if (end < text.Length)
        {
            // End on a word: at the last space after the anchor.
            var space = text.LastIndexOf(' ', end - 1, end - anchorEnd);
            end = space > anchorEnd ? space : end;
        }

        return (start, end);
    }

    /// <summary>The passage as HTML: the text encoded, the occurrences in &lt;mark&gt;, overlapping ones merged.</summary>
    private static string Render(string text, int start, int end, List<Occurrence> occurrences)
    {
        var html = new StringBuilder(end - start + 64);
        if (start > 0)
        {
            html.Append("… ");
        }

        var at = start;
        for (var i = 0; i < occurrences.Count; i++)
        {
            var markStart = occurrences[i].Start;
            if (markStart < at || markStart >= end)
            {
                continue;
            }

            var markEnd = Math.Min(end, occurrences[i].End);
            while (i + 1 < occurrences.Count && occurrences[i + 1].Start <= markEnd && occurrences[i + 1].Start < end)
            {
                markEnd = Math.Min(end, Math.Max(markEnd, occurrences[++i].End));
            }

            html.Append(Encode(text, at, markStart)).Append("<mark>").Append(Encode(text, markStart, markEnd)).Append("</mark>");
            at = markEnd;
        }

        html.Append(Encode(text, at, end));
        if (end < text.Length)
        {
            html.Append(" …");
        }

        return Collapse(html.ToString());
    }

    private static string Encode(string text, int from, int to) =>
        to <= from ? "" : PassageEncoder.EncodeText(text[from..to]);

    /// <summary>Line breaks and runs of spaces of the stored text read as single spaces in a card.</summary>
    private static string Collapse(string html) =>
        string.Join(' ', html.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private sealed record Needle(string[] Terms, int[] Positions);

    private readonly record struct Token(string Term, int Position, int Start, int End);

    private readonly record struct Occurrence(int Needle, int Start, int End);
}

/// <summary>
/// Escapes what HTML gives a meaning to (&amp;, &lt;, &gt;, quotes) and leaves French letters as they are,
/// like the rest of the site's pages (an encoder that wrote every accent as an entity would make passages three times longer).
/// </summary>
internal static class PassageEncoder
{
    public static string EncodeText(string originalText)
    {
        var encoded = new StringBuilder(originalText.Length + 16);
        foreach (var c in originalText)
        {
            _ = c switch
            {
                '&' => encoded.Append("&amp;"),
                '<' => encoded.Append("&lt;"),
                '>' => encoded.Append("&gt;"),
                '"' => encoded.Append("&quot;"),
                '\'' => encoded.Append("&#39;"),
                _ => encoded.Append(c),
            };
        }

        return encoded.ToString();
    }
}
