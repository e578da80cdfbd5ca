using System.Text;

namespace RtesResources.Web.Features.Content;

/// <summary>URL slugs from French titles: "Économie sociale" → "economie-sociale".</summary>
public static class Slug
{
    public static string From(string? text, int maxLength = 100)
    {
        var folded = SearchText.Normalize(text);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > maxLength)
        {
            slug = slug[..maxLength].TrimEnd('-');
        }

        return slug;
    }

    /// <summary>True when the text could be a slug: the catalogue rejects anything else without a query.</summary>
    public static bool IsWellFormed(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 200 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
