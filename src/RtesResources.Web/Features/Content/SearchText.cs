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
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
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
            builder.Append(Fold(c));
        }

        return builder.ToString().TrimEnd();
    }

    private static string Fold(char c) => c switch
    {
        'œ' or 'Œ' => "oe",
        'æ' or 'Æ' => "ae",
        '’' or '‘' or 'ʼ' => "'",
        '«' or '»' or '“' or '”' => "\"",
        _ => char.ToLowerInvariant(c).ToString(),
    };
}
