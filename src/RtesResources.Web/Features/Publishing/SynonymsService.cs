using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Publishing;

public sealed class SynonymInput
{
    [Required(ErrorMessage = "Indiquez au moins deux termes, séparés par des virgules.")]
    [StringLength(SearchSynonym.TermsMaxLength, ErrorMessage = "Le groupe compte 1 000 caractères au plus.")]
    public string? Terms { get; set; }
}

public sealed record SynonymRow(int Id, string Terms, IReadOnlyList<string> TermList);

/// <summary>
/// The synonym groups editors keep. Each save writes a change row that re-indexes the whole catalogue
/// (SearchChangeInterceptor), so nothing here touches the index.
/// </summary>
public sealed class SynonymsService(AppDbContext db)
{
    public const int TermMaxLength = 100;

    private static readonly StringComparer French = StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase);

    /// <summary>Sorted as a French reader expects ("école" next to "ecole", not after "z"): sorted here, not in SQL, whose collation varies by provider.</summary>
    public async Task<List<SynonymRow>> ListAsync(CancellationToken cancellationToken = default)
    {
        var groups = await db.SearchSynonyms.AsNoTracking().Select(s => new { s.Id, s.Terms }).ToListAsync(cancellationToken);
        return groups
            .Select(g => new SynonymRow(g.Id, g.Terms, Split(g.Terms)))
            .OrderBy(g => g.Terms, French)
            .ThenBy(g => g.Id)
            .ToList();
    }

    public async Task<SynonymRow?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        var terms = await db.SearchSynonyms.AsNoTracking().Where(s => s.Id == id).Select(s => s.Terms).SingleOrDefaultAsync(cancellationToken);
        return terms is null ? null : new SynonymRow(id, terms, Split(terms));
    }

    /// <returns>Errors by field; empty when saved.</returns>
    public async Task<Dictionary<string, string>> SaveAsync(int? id, SynonymInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var terms = (input.Terms ?? "").Split(',').Select(t => t.Trim()).ToList();
        var error = CheckTerms(terms);
        if (error is not null)
        {
            errors[nameof(input.Terms)] = error;
            return errors;
        }

        var joined = string.Join(", ", terms);
        if (joined.Length > SearchSynonym.TermsMaxLength)
        {
            errors[nameof(input.Terms)] = "Le groupe compte 1 000 caractères au plus, virgules et espaces compris : raccourcissez-le.";
            return errors;
        }

        var folded = terms.Select(SearchText.Normalize).ToHashSet(StringComparer.Ordinal);
        var others = await db.SearchSynonyms.AsNoTracking().Where(s => s.Id != id).Select(s => s.Terms).ToListAsync(cancellationToken);
        foreach (var other in others.OrderBy(o => o, French))
        {
            var otherFolded = Split(other).Select(SearchText.Normalize).ToHashSet(StringComparer.Ordinal);
            if (otherFolded.SetEquals(folded))
            {
                errors[nameof(input.Terms)] = $"Ce groupe existe déjà : « {other} ».";
                return errors;
            }

            var shared = terms.FirstOrDefault(t => otherFolded.Contains(SearchText.Normalize(t)));
            if (shared is not null)
            {
                // One term in two groups would silently join them at indexing time: the editor decides where it belongs.
                errors[nameof(input.Terms)] = $"Le terme « {shared} » figure déjà dans le groupe « {other} » : modifiez plutôt ce groupe.";
                return errors;
            }
        }

        SearchSynonym? synonym;
        if (id is int existing)
        {
            synonym = await db.SearchSynonyms.FindAsync([existing], cancellationToken);
            if (synonym is null)
            {
                errors[""] = "Ce groupe n'existe plus.";
                return errors;
            }

            if (synonym.Terms == joined)
            {
                return errors;
            }

            synonym.Terms = joined;
        }
        else
        {
            db.SearchSynonyms.Add(new SearchSynonym { Terms = joined });
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <returns>Null when deleted; otherwise why not.</returns>
    public async Task<string?> DeleteAsync(int id, CancellationToken cancellationToken = default)
    {
        var synonym = await db.SearchSynonyms.FindAsync([id], cancellationToken);
        if (synonym is null)
        {
            return "Ce groupe n'existe plus.";
        }

        db.SearchSynonyms.Remove(synonym);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static string? CheckTerms(List<string> terms)
    {
        if (terms.Count(t => t.Length > 0) < 2)
        {
            return "Indiquez au moins deux termes, séparés par des virgules.";
        }

        if (terms.Any(t => t.Length == 0))
        {
            return "Un terme est vide : retirez la virgule en trop.";
        }

        var tooLong = terms.FirstOrDefault(t => t.Length > TermMaxLength);
        if (tooLong is not null)
        {
            return $"Le terme « {tooLong[..30]}… » dépasse {TermMaxLength} caractères.";
        }

        if (terms.Any(t => t.Any(char.IsControl)))
        {
            return "Un terme contient un caractère invisible : retapez-le.";
        }

        if (terms.Any(t => SearchText.Normalize(t).All(c => !char.IsLetterOrDigit(c))))
        {
            return "Chaque terme doit contenir au moins une lettre ou un chiffre.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = terms.FirstOrDefault(t => !seen.Add(SearchText.Normalize(t)));
        if (repeated is not null)
        {
            return $"Le terme « {repeated} » figure deux fois (majuscules et accents ne comptent pas).";
        }

        return terms.Count < 2 ? "Indiquez au moins deux termes différents, séparés par des virgules." : null;
    }

    private static List<string> Split(string terms) =>
        [.. terms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
