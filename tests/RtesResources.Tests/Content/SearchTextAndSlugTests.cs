using System.Globalization;
using System.Text;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Content;

public class SearchTextAndSlugTests
{
    [Theory]
    [InlineData("Économie", "economie")]
    [InlineData("élu.e", "elu.e")]
    [InlineData("MÉTROPOLES", "metropoles")]
    [InlineData("cœur", "coeur")]
    [InlineData("l’ESS", "l'ess")]
    [InlineData("  deux   mots\n\tici ", "deux mots ici")]
    [InlineData("a\u0000b", "a b")]
    [InlineData(null, "")]
    public void NormalizeFoldsAccentsCaseAndSpaces(string? input, string expected) =>
        Assert.Equal(expected, SearchText.Normalize(input));

    [Fact]
    public void NormalizeGivesWhatDecomposingTheWholeTextGives()
    {
        // French, other Latin letters, combining marks (in and out of canonical order, spacing ones
        // included), Greek, Vietnamese, Hangul, ligatures, typographic quotes, spaces and controls, emoji.
        string[] pieces =
        [
            "a", "B", "z", " ", "  ", "\t", "\n", "\r\n", "\u0000", "\u0085", "\u00a0", "\u2009", "\u202f", "-", "'", ".", "1",
            "é", "È", "ê", "ë", "à", "ç", "Ç", "ô", "û", "ù", "ï", "ÿ", "Ÿ", "œ", "Œ", "æ", "Æ", "ß", "ø", "Å", "ǅ", "ǆ", "ĳ", "ŉ", "ȷ",
            "’", "‘", "ʼ", "«", "»", "“", "”", "…", "–", "°", "·",
            "e\u0301", "\u0301", "\u0323\u0301", "\u0301\u0323", "é\u0323", "\u0344", "\u0f73", "\u0903", "\u20dd", "\U0001d165\u0301",
            "Ω", "ά", "ᾷ", "Việt", "ệ", "한국어", "\uac00\u11a8", "ﬁ", "Ⅻ", "😀", "𝔘", "İ", "ı", "K", "Å",
        ];
        var random = new Random(20261128);
        for (var n = 0; n < 5_000; n++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 12); k > 0; k--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            Assert.Equal(WholeTextNormalize(text.ToString()), SearchText.Normalize(text.ToString()));
        }

        // Every character outside the surrogates, with a combining mark after it.
        for (var code = 0; code <= 0xFFFF; code++)
        {
            if (!char.IsSurrogate((char)code))
            {
                var text = $"x{(char)code}\u0301y";
                Assert.Equal(Outcome(WholeTextNormalize, text), Outcome(SearchText.Normalize, text));
            }
        }
    }

    /// <summary>The result, or the exception's type (the text has a code point that cannot be normalized).</summary>
    private static string Outcome(Func<string, string> normalize, string text)
    {
        try
        {
            return normalize(text);
        }
        catch (ArgumentException exception)
        {
            return exception.GetType().Name;
        }
    }

    /// <summary>The fold as first written: the whole text decomposed at once, then character by character.</summary>
    private static string WholeTextNormalize(string text)
    {
        var builder = new StringBuilder();
        var lastWasSpace = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            builder.Append(c switch
            {
                'œ' or 'Œ' => "oe",
                'æ' or 'Æ' => "ae",
                '’' or '‘' or 'ʼ' => "'",
                '«' or '»' or '“' or '”' => "\"",
                _ => char.ToLowerInvariant(c).ToString(),
            });
        }

        return builder.ToString().TrimEnd();
    }

    [Theory]
    [InlineData("Économie sociale", "economie-sociale")]
    [InlineData("Fiche n°3 : L'économie sociale et solidaire au cœur", "fiche-n-3-l-economie-sociale-et-solidaire-au-coeur")]
    [InlineData("  --Élu·es & agents!! ", "elu-es-agents")]
    [InlineData("", "")]
    public void SlugTransliteratesFrench(string input, string expected) =>
        Assert.Equal(expected, Slug.From(input));

    [Fact]
    public void SlugIsCutToLengthWithoutTrailingDash() =>
        Assert.Equal("abc-def", Slug.From("abc def ghi", 8));

    [Theory]
    [InlineData("economie-sociale", true)]
    [InlineData("Economie", false)]
    [InlineData("a/b", false)]
    [InlineData("'; --", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsWellFormedAcceptsOnlySlugCharacters(string? input, bool expected) =>
        Assert.Equal(expected, Slug.IsWellFormed(input));
}
