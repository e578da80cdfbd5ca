using System.Globalization;
using System.Text;

namespace RtesResources.Web.Features.Content;

/// <summary>
/// Folds text for accent- and case-insensitive matching: "Économie" and "economie" both become
/// "economie", "élu.e" becomes "elu.e". Stored copies and queries go through the same fold, so the
/// match behaves the same on SQLite and SQL Server whatever their collations.
/// </summary>
public static class SearchText
{
    /// <summary>Below this, a character's canonical decomposition is looked up rather than computed (Latin letters).</summary>
    private const char TableEnd = '\u0250';

    // The canonical decomposition (FormD) of each character from U+0080 to U+024F: none of them is a
    // combining mark nor decomposes to one first, so that a run of them decomposes one by one.
    private static readonly string[] Decompositions = BuildDecompositions();

    /// <summary>
    /// The text decomposed (FormD), combining marks dropped, lower-cased, whitespace and control
    /// characters folded to single spaces. Decomposition is done per run of non-ASCII characters:
    /// ASCII characters are starters that decompose to themselves, so no decomposition or canonical
    /// reordering crosses them and the result is that of decomposing the whole text at once; runs of
    /// Latin letters come from a table, other runs go through <see cref="string.Normalize(NormalizationForm)"/>.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] < '\u0080')
            {
                Append(builder, text[i], ref lastWasSpace);
                i++;
                continue;
            }

            var start = i;
            var tabled = true;
            while (i < text.Length && text[i] >= '\u0080')
            {
                tabled &= text[i] < TableEnd;
                i++;
            }

            if (tabled)
            {
                for (var j = start; j < i; j++)
                {
                    foreach (var c in Decompositions[text[j]])
                    {
                        Append(builder, c, ref lastWasSpace);
                    }
                }
            }
            else
            {
                foreach (var c in text[start..i].Normalize(NormalizationForm.FormD))
                {
                    Append(builder, c, ref lastWasSpace);
                }
            }
        }

        return builder.ToString().TrimEnd();
    }

    private static void Append(StringBuilder builder, char c, ref bool lastWasSpace)
    {
        if (c >= '\u0080' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
        {
            return;
        }

        if (char.IsWhiteSpace(c) || char.IsControl(c))
        {
            if (!lastWasSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }

            lastWasSpace = true;
            return;
        }

        lastWasSpace = false;
        switch (c)
        {
            case 'œ' or 'Œ':
                builder.Append("oe");
                break;
            case 'æ' or 'Æ':
                builder.Append("ae");
                break;
            case '’' or '‘' or 'ʼ':
                builder.Append('\'');
                break;
            case '«' or '»' or '“' or '”':
                builder.Append('"');
                break;
            default:
                builder.Append(char.ToLowerInvariant(c));
                break;
        }
    }

    // Every character of a non-zero canonical combining class is a mark (Mn or Mc).
    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    private static string[] BuildDecompositions()
    {
        var table = new string[TableEnd];
        for (var c = '\u0080'; c < TableEnd; c++)
        {
            var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (IsMark(c) || IsMark(decomposed[0]))
            {
                throw new InvalidOperationException($"U+{(int)c:X4} cannot be decomposed on its own.");
            }

            table[c] = decomposed;
        }

        return table;
    }
}
