using System.Globalization;
using System.Text;

namespace RtesResources.Web.Domain;

/// <summary>A licence a resource can carry: a stable code (stored, exported, given by the API), its French label and the text's address.</summary>
public sealed record Licence(string Code, string Label, string? Url, string? SpdxId);

/// <summary>
/// The closed list of licences, kept in this one place: the form's choices, the import's accepted
/// values, the page's link, the feed's rights and the API all read it. A stored code that is no longer
/// listed reads as "all rights reserved", the only choice that never grants more than was given.
/// </summary>
public static class Licences
{
    public const int CodeMaxLength = 40;

    public static readonly Licence OpenLicence = new("licence-ouverte-2.0", "Licence Ouverte 2.0 (Etalab)", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/", "etalab-2.0");
    public static readonly Licence AllRightsReserved = new("tous-droits-reserves", "Tous droits réservés", null, null);

    public static readonly IReadOnlyList<Licence> All =
    [
        OpenLicence,
        new("cc-by-4.0", "CC BY 4.0 (Creative Commons Attribution)", "https://creativecommons.org/licenses/by/4.0/deed.fr", "CC-BY-4.0"),
        new("cc-by-sa-4.0", "CC BY-SA 4.0 (Creative Commons Attribution, partage dans les mêmes conditions)", "https://creativecommons.org/licenses/by-sa/4.0/deed.fr", "CC-BY-SA-4.0"),
        new("cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0 (Creative Commons Attribution, pas d'utilisation commerciale, partage dans les mêmes conditions)", "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr", "CC-BY-NC-SA-4.0"),
        AllRightsReserved,
    ];

    /// <summary>What a resource carries when no licence was chosen: RTES publishes its public work under the Licence Ouverte; member-only content keeps its rights.</summary>
    public static Licence DefaultFor(bool isPrivate) => isPrivate ? AllRightsReserved : OpenLicence;

    /// <summary>The licence of a code, a label or an SPDX identifier (case, accents and spacing ignored), or null.</summary>
    public static Licence? Find(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var folded = Fold(value);
        return All.FirstOrDefault(l => Fold(l.Code) == folded || Fold(l.Label) == folded || (l.SpdxId is not null && Fold(l.SpdxId) == folded)
            || Fold(ShortLabel(l)) == folded);
    }

    /// <summary>The licence of a stored code; an unknown code (never expected) reads as all rights reserved.</summary>
    public static Licence OfCode(string? code) => All.FirstOrDefault(l => l.Code == code) ?? AllRightsReserved;

    /// <summary>"CC BY 4.0" for "CC BY 4.0 (Creative Commons…)": what people type.</summary>
    private static string ShortLabel(Licence licence)
    {
        var parenthesis = licence.Label.IndexOf(" (", StringComparison.Ordinal);
        return parenthesis > 0 ? licence.Label[..parenthesis] : licence.Label;
    }

    // Letters and digits only, lower case, accents removed: "CC-BY 4.0", "cc by 4.0" and "Tous droits réservés" match.
    private static string Fold(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().TrimEnd();
    }
}
