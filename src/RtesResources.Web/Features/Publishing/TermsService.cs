using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Publishing;

/// <summary>The four lists editors keep: speakers, thématiques, kinds of resource, collections.</summary>
public enum TermKind
{
    Speaker,
    Category,
    Kind,
    Series,
}

public sealed record TermDefinition(TermKind Kind, string Path, string Plural, string Singular, string? SecondLabel, string? ThirdLabel)
{
    public static readonly IReadOnlyList<TermDefinition> All =
    [
        new(TermKind.Speaker, "intervenants", "Intervenant·es", "intervenant·e", "Rôle ou fonction actuels", "Organisation"),
        new(TermKind.Category, "thematiques", "Thématiques", "thématique", null, null),
        new(TermKind.Kind, "types", "Types de ressource", "type de ressource", "Nom au pluriel", null),
        new(TermKind.Series, "collections", "Collections", "collection", "Présentation", null),
    ];

    public static TermDefinition? ByPath(string? path) => All.FirstOrDefault(d => d.Path == path);
}

public sealed class TermInput
{
    [System.ComponentModel.DataAnnotations.Required(ErrorMessage = "Le nom est obligatoire.")]
    [System.ComponentModel.DataAnnotations.StringLength(200, ErrorMessage = "Le nom compte 200 caractères au plus.")]
    public string? Name { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(150, ErrorMessage = "L'adresse compte 150 caractères au plus.")]
    public string? Slug { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(2000, ErrorMessage = "Ce champ compte 2 000 caractères au plus.")]
    public string? Second { get; set; }

    [System.ComponentModel.DataAnnotations.StringLength(300, ErrorMessage = "Ce champ compte 300 caractères au plus.")]
    public string? Third { get; set; }
}

public sealed record TermRow(int Id, string Name, string Slug, string? Second, string? Third, int UseCount);

/// <summary>Lists, creates, edits and deletes terms. A term in use is never deleted: the answer says where it is used.</summary>
public sealed class TermsService(AppDbContext db)
{
    public Task<List<TermRow>> ListAsync(TermKind kind, CancellationToken cancellationToken = default) => kind switch
    {
        TermKind.Speaker => db.Speakers.AsNoTracking().OrderBy(s => s.Name).Select(s => new TermRow(s.Id, s.Name, s.Slug, s.Role, s.Organisation, s.Resources.Count)).ToListAsync(cancellationToken),
        TermKind.Category => db.Categories.AsNoTracking().OrderBy(c => c.Name).Select(c => new TermRow(c.Id, c.Name, c.Slug, null, null, c.Resources.Count)).ToListAsync(cancellationToken),
        TermKind.Kind => db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).Select(k => new TermRow(k.Id, k.Name, k.Slug, k.PluralName, null, db.Resources.Count(r => r.KindId == k.Id))).ToListAsync(cancellationToken),
        _ => db.Series.AsNoTracking().OrderBy(s => s.Name).Select(s => new TermRow(s.Id, s.Name, s.Slug, s.Description, null, s.Resources.Count)).ToListAsync(cancellationToken),
    };

    public async Task<TermInput?> LoadAsync(TermKind kind, int id, CancellationToken cancellationToken = default) =>
        (await ListAsync(kind, cancellationToken)).Where(t => t.Id == id).Select(t => new TermInput { Name = t.Name, Slug = t.Slug, Second = t.Second, Third = t.Third }).SingleOrDefault();

    /// <returns>Errors by field; empty when saved.</returns>
    public async Task<Dictionary<string, string>> SaveAsync(TermKind kind, int? id, TermInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var name = input.Name!.Trim();
        var slug = string.IsNullOrWhiteSpace(input.Slug) ? Content.Slug.From(name, 100) : input.Slug.Trim();
        if (!Content.Slug.IsWellFormed(slug))
        {
            errors[nameof(input.Slug)] = "L'adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets.";
            return errors;
        }

        var (nameMax, secondMax) = kind switch
        {
            TermKind.Speaker => (150, 400),
            TermKind.Category => (150, 0),
            TermKind.Kind => (100, 100),
            _ => (200, 2000),
        };
        if (name.Length > nameMax)
        {
            errors[nameof(input.Name)] = $"Le nom compte {nameMax} caractères au plus.";
            return errors;
        }

        if (secondMax > 0 && (input.Second?.Trim().Length ?? 0) > secondMax)
        {
            errors[nameof(input.Second)] = $"Ce champ compte {secondMax} caractères au plus.";
            return errors;
        }

        if (kind == TermKind.Kind && string.IsNullOrWhiteSpace(input.Second))
        {
            errors[nameof(input.Second)] = "Le nom au pluriel est obligatoire (il sert sur la page d'accueil).";
            return errors;
        }

        var taken = kind switch
        {
            TermKind.Speaker => await db.Speakers.AnyAsync(s => s.Slug == slug && s.Id != id, cancellationToken),
            TermKind.Category => await db.Categories.AnyAsync(c => c.Slug == slug && c.Id != id, cancellationToken),
            TermKind.Kind => await db.ResourceKinds.AnyAsync(k => k.Slug == slug && k.Id != id, cancellationToken),
            _ => await db.Series.AnyAsync(s => s.Slug == slug && s.Id != id, cancellationToken),
        };
        if (taken)
        {
            errors[string.IsNullOrWhiteSpace(input.Slug) ? nameof(input.Name) : nameof(input.Slug)] = $"L'adresse « {slug} » est déjà prise : changez le nom ou l'adresse.";
            return errors;
        }

        var second = string.IsNullOrWhiteSpace(input.Second) ? null : input.Second.Trim();
        var third = string.IsNullOrWhiteSpace(input.Third) ? null : input.Third.Trim();
        switch (kind)
        {
            case TermKind.Speaker:
                var speaker = id is int s ? await db.Speakers.FindAsync([s], cancellationToken) : db.Speakers.Add(new Speaker { Name = name, Slug = slug }).Entity;
                if (speaker is null)
                {
                    return NotFound();
                }

                (speaker.Name, speaker.Slug, speaker.Role, speaker.Organisation) = (name, slug, second, third);
                break;
            case TermKind.Category:
                var category = id is int c ? await db.Categories.FindAsync([c], cancellationToken) : db.Categories.Add(new Category { Name = name, Slug = slug }).Entity;
                if (category is null)
                {
                    return NotFound();
                }

                (category.Name, category.Slug) = (name, slug);
                break;
            case TermKind.Kind:
                var resourceKind = id is int k ? await db.ResourceKinds.FindAsync([k], cancellationToken)
                    : db.ResourceKinds.Add(new ResourceKind { Name = name, Slug = slug, PluralName = second!, Position = await db.ResourceKinds.CountAsync(cancellationToken) + 1 }).Entity;
                if (resourceKind is null)
                {
                    return NotFound();
                }

                (resourceKind.Name, resourceKind.Slug, resourceKind.PluralName) = (name, slug, second!);
                break;
            default:
                var series = id is int r ? await db.Series.FindAsync([r], cancellationToken) : db.Series.Add(new Series { Name = name, Slug = slug }).Entity;
                if (series is null)
                {
                    return NotFound();
                }

                (series.Name, series.Slug, series.Description) = (name, slug, second);
                break;
        }

        await db.SaveChangesAsync(cancellationToken);
        return errors;
    }

    /// <returns>Null when deleted; otherwise why not, naming where the term is used.</returns>
    public async Task<string?> DeleteAsync(TermKind kind, int id, CancellationToken cancellationToken = default)
    {
        var usedBy = kind switch
        {
            TermKind.Speaker => db.Resources.Where(r => r.Speakers.Any(s => s.SpeakerId == id)),
            TermKind.Category => db.Resources.Where(r => r.Categories.Any(c => c.Id == id)),
            TermKind.Kind => db.Resources.Where(r => r.KindId == id),
            _ => db.Resources.Where(r => r.SeriesId == id),
        };
        var titles = await usedBy.OrderBy(r => r.Title).Select(r => r.Title).Take(6).ToListAsync(cancellationToken);
        if (titles.Count > 0)
        {
            var count = await usedBy.CountAsync(cancellationToken);
            return $"Impossible de supprimer : utilisé par {count} ressource(s) (y compris à la corbeille) : « {string.Join(" », « ", titles.Take(5))} »{(count > 5 ? "…" : "")}. Retirez-le d'abord de ces ressources.";
        }

        object? entity = kind switch
        {
            TermKind.Speaker => await db.Speakers.FindAsync([id], cancellationToken),
            TermKind.Category => await db.Categories.FindAsync([id], cancellationToken),
            TermKind.Kind => await db.ResourceKinds.FindAsync([id], cancellationToken),
            _ => await db.Series.FindAsync([id], cancellationToken),
        };
        if (entity is null)
        {
            return "Cet élément n'existe plus.";
        }

        db.Remove(entity);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static Dictionary<string, string> NotFound() => new() { [""] = "Cet élément n'existe plus." };
}
