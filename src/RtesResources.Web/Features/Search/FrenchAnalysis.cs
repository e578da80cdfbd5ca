using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Synonym;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// How French text becomes search terms, the same for documents and queries: words split on
/// Unicode rules, inclusive-writing suffixes dropped ("élu·e·s", "élu.e.s" → "élu"), elisions
/// removed ("l'ESS" → "ESS"), case and accents folded, light stemming ("collectivités" →
/// "collectivit"), stop words removed. Documents also get the synonyms of the editable list, in
/// both directions, so that queries need none: "SCIC" finds "société coopérative d'intérêt
/// collectif" and the reverse.
/// </summary>
public sealed class FrenchSearchAnalyzer(SynonymMap? synonyms) : Analyzer
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private static readonly CharArraySet Articles = new(Version,
        ["l", "m", "t", "qu", "n", "s", "j", "d", "c", "jusqu", "quoiqu", "lorsqu", "puisqu"], ignoreCase: true);

    // Snowball's French list, folded like the text it meets; plus the stray letters of inclusive
    // writing with hyphens ("élu-e-s").
    private static readonly CharArraySet StopWords = BuildStopWords();

    /// <summary>For queries: no synonyms (documents carry them).</summary>
    public static FrenchSearchAnalyzer ForQueries { get; } = new(null);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = Normalize(source);
        if (synonyms is not null)
        {
            stream = new SynonymFilter(stream, synonyms, ignoreCase: true);
        }

        // After stemming, so the list holds stems as well as words: "les" and "nous" go either way.
        stream = new StopFilter(Version, stream, StopWords);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>Builds the synonym map from the editors' list ("SCIC, société coopérative d'intérêt collectif").</summary>
    public static SynonymMap? BuildSynonyms(IEnumerable<string> groups)
    {
        var rules = string.Join('\n', groups
            .Select(g => string.Join(", ", g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(EscapeRuleTerm)
                .Where(t => t.Length > 0)))
            .Where(line => line.Contains(',', StringComparison.Ordinal)));
        if (rules.Length == 0)
        {
            return null;
        }

        var parser = new SolrSynonymParser(dedup: true, expand: true, new RuleAnalyzer());
        parser.Parse(new StringReader(rules));
        return parser.Build();
    }

    // The synonym syntax gives meaning to a few characters; in a term they are just text.
    private static string EscapeRuleTerm(string term) =>
        new(term.Where(c => c is not ('\\' or '=' or '>' or '#' or ',') && !char.IsControl(c)).ToArray());

    /// <summary>
    /// Everything but synonyms and stop words. Synonym rules are read through it too, so that they
    /// match stems: "métropole" in the list also meets "Métropoles" in a text.
    /// </summary>
    private static FrenchLightStemFilter Normalize(Tokenizer source)
    {
        TokenStream stream = new InclusiveWritingFilter(source);
        stream = new ElisionFilter(stream, Articles);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ASCIIFoldingFilter(stream);
        return new FrenchLightStemFilter(stream);
    }

    private static CharArraySet BuildStopWords()
    {
        var words = new CharArraySet(Version, 200, ignoreCase: true);
        foreach (var word in FrenchAnalyzer.DefaultStopSet.Select(w => w?.ToString() ?? ""))
        {
            var folded = Fold(word);
            words.Add(folded);
            words.Add(Stem(folded));
        }

        foreach (var stray in new[] { "e", "es", "s", "x", "ne" })
        {
            words.Add(stray);
        }

        return words;
    }

    private static string Stem(string word)
    {
        var buffer = word.ToCharArray();
        var length = new FrenchLightStemmer().Stem(buffer, buffer.Length);
        return new string(buffer, 0, length);
    }

    private static string Fold(string word)
    {
        var output = new char[word.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(word.ToCharArray(), 0, output, 0, word.Length);
        return new string(output, 0, length);
    }

    /// <summary>Reads synonym rules the way documents are read before synonyms apply.</summary>
    private sealed class RuleAnalyzer : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            return new TokenStreamComponents(source, Normalize(source));
        }
    }
}

/// <summary>
/// Inclusive writing joins suffixes to a word with middle dots or full stops ("élu·e·s",
/// "acteur.rice.s"), which the tokenizer keeps as one word: keep its first part, so that it
/// matches "élus" rather than becoming a word nobody searches for.
/// </summary>
public sealed class InclusiveWritingFilter(TokenStream input) : TokenFilter(input)
{
    private const int MaxSuffixLength = 5;
    private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }

        var buffer = _term.Buffer;
        var length = _term.Length;
        var first = -1;
        for (var i = 1; i < length - 1; i++)
        {
            if (IsInclusiveSeparator(buffer[i]))
            {
                first = i;
                break;
            }
        }

        if (first > 0 && SuffixesAreShortWords(buffer, first, length))
        {
            _term.Length = first;
        }

        return true;
    }

    private static bool IsInclusiveSeparator(char c) => c is '·' or '.' or '•' or '‧' or '⋅';

    private static bool SuffixesAreShortWords(char[] buffer, int start, int length)
    {
        var run = 0;
        for (var i = start + 1; i < length; i++)
        {
            var c = buffer[i];
            if (IsInclusiveSeparator(c))
            {
                if (run == 0)
                {
                    return false;
                }

                run = 0;
            }
            else if (!char.IsLetter(c) || ++run > MaxSuffixLength)
            {
                return false;
            }
        }

        return run > 0;
    }
}
