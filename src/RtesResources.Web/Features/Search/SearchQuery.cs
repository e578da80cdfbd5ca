namespace RtesResources.Web.Features.Search;

/// <summary>
/// What a person typed, read as people mean it: words (all must be found), "exact phrases", and
/// -exclusions. Nothing else has a meaning: operators, wildcards, field names, brackets are plain
/// text (the analyzer drops punctuation), so no input is an error.
/// </summary>
public sealed record SearchQuery(IReadOnlyList<string> Words, IReadOnlyList<string> Phrases, IReadOnlyList<string> Excluded)
{
    /// <summary>Something was typed, even if none of it can be searched ("*", "()").</summary>
    public bool Typed { get; init; }

    public const int MaxParts = 12;

    // Boolean operators of search engines, written in capitals: ignored rather than searched for.
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal) { "AND", "OR", "NOT", "ET", "OU", "SAUF" };

    public bool IsEmpty => Words.Count == 0 && Phrases.Count == 0;

    public static SearchQuery Parse(string? text)
    {
        var words = new List<string>();
        var phrases = new List<string>();
        var excluded = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return new SearchQuery(words, phrases, excluded);
        }

        var input = Clean(text);
        var i = 0;
        while (i < input.Length && words.Count + phrases.Count + excluded.Count < MaxParts)
        {
            if (char.IsWhiteSpace(input[i]))
            {
                i++;
                continue;
            }

            var negated = input[i] == '-' && i + 1 < input.Length && !char.IsWhiteSpace(input[i + 1]);
            if (negated)
            {
                i++;
            }

            string part;
            var isPhrase = input[i] == '"';
            if (isPhrase)
            {
                var end = input.IndexOf('"', i + 1);
                end = end < 0 ? input.Length : end;
                part = input[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < input.Length && !char.IsWhiteSpace(input[end]) && input[end] != '"')
                {
                    end++;
                }

                part = input[i..end];
                i = end;
            }

            part = part.Trim();
            if (part.Length == 0 || (!isPhrase && Operators.Contains(part)))
            {
                continue;
            }

            (negated ? excluded : isPhrase ? phrases : words).Add(part);
        }

        return new SearchQuery(words, phrases, excluded) { Typed = true };
    }

    /// <summary>Quotes of every style become plain double quotes; characters with a meaning to engines become spaces.</summary>
    private static string Clean(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                '«' or '»' or '“' or '”' or '„' => '"',
                '*' or '?' or ':' or '(' or ')' or '[' or ']' or '{' or '}' or '~' or '^' or '\\' or '/' or '+' or '!' or '&' or '|' or '<' or '>' or '=' or ';' => ' ',
                var c when char.IsControl(c) => ' ',
                var c => c,
            };
        }

        return new string(chars);
    }
}
