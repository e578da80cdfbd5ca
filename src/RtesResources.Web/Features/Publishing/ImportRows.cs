using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

/// <summary>The optional status column: a draft, published (now, or kept from an earlier publication), or public from a given moment.</summary>
public sealed record ImportPublication(bool Published, DateTime? AtUtc)
{
    public static readonly ImportPublication Draft = new(false, null);

    /// <summary>"publiée": published now, or since its earlier publication.</summary>
    public static readonly ImportPublication PublishedNow = new(true, null);

    /// <summary>Null with <paramref name="valid"/> true for an empty value: the publication state is left as it is.</summary>
    public static ImportPublication? Parse(string value, out bool valid)
    {
        valid = true;
        switch (SearchText.Normalize(value))
        {
            case "":
                return null;
            case "brouillon":
                return Draft;
            case "publiee" or "publie" or "publiée":
                return PublishedNow;
        }

        if (value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return new ImportPublication(true, at.UtcDateTime);
        }

        valid = false;
        return null;
    }

    public DateTime? PublishAt(DateTime? current, DateTime nowUtc) =>
        !Published ? null : AtUtc ?? Resource.PublishedSince(current, nowUtc);
}

/// <summary>
/// The rules an import row is checked against (docs/import.md), the problems and notes of its report,
/// and the row as the editor's input once it is valid.
/// </summary>
internal static class ImportRows
{
    internal static CheckedRow Check(TransferRow row, ImportContext context)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var title = row.Get("title");
        if (title.Length == 0)
        {
            problems.Add("titre manquant (colonne title)");
        }
        else if (title.Length > Resource.TitleMaxLength)
        {
            problems.Add($"titre trop long ({Resource.TitleMaxLength} caractères au plus)");
        }

        var slug = context.Match(row).Slug;
        if (row.Get("slug").Length > 0 && !Content.Slug.IsWellFormed(slug))
        {
            problems.Add($"adresse « {slug} » invalide (minuscules sans accent, chiffres, tirets)");
        }

        var externalId = row.Get("external_id");
        var existingId = context.Match(row).ExistingId;
        if (externalId.Length > 0 && !context.SeenExternalIds.Add(externalId))
        {
            problems.Add($"external_id « {externalId} » en double dans le fichier");
        }

        if (slug.Length > 0 && !context.SeenSlugs.Add(slug))
        {
            problems.Add($"adresse « {slug} » en double dans le fichier");
        }
        else if (context.BySlug.TryGetValue(slug, out var slugOwner) && existingId is int matched && slugOwner != matched)
        {
            problems.Add($"adresse « {slug} » déjà prise par une autre ressource");
        }
        else if (context.OldSlugs.TryGetValue(slug, out var oldOwner) && oldOwner != existingId)
        {
            problems.Add($"adresse « {slug} » déjà prise (ancienne adresse d'une autre ressource)");
        }

        int? kindId = context.Kinds.TryGetValue(Fold(row.Get("kind")), out var kind) ? kind : null;
        if (kindId is null)
        {
            problems.Add(row.Get("kind").Length == 0 ? "type manquant (colonne kind)" : $"type « {row.Get("kind")} » inconnu (types : {string.Join(", ", context.KindNames)})");
        }

        // A new term is noted on the first row that names it: the one whose import creates it.
        foreach (var category in CatalogueFile.Split(row.Get("categories")).Where(c => !context.Categories.ContainsKey(Fold(c)) && context.NewCategories.TryAdd(Fold(c), c)))
        {
            notes.Add($"thématique « {category} » créée");
        }

        var series = row.Get("series");
        if (series.Length > 0 && !context.Series.ContainsKey(Fold(series)) && context.NewSeries.TryAdd(Fold(series), series))
        {
            notes.Add($"collection « {series} » créée");
        }

        var seriesNumber = row.Get("series_number");
        if (seriesNumber.Length > 0 && (!int.TryParse(seriesNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 999))
        {
            problems.Add($"numéro dans la collection « {seriesNumber} » invalide (1 à 999)");
        }
        else if (seriesNumber.Length > 0 && series.Length == 0)
        {
            problems.Add("numéro dans la collection sans collection (colonne series)");
        }

        var licence = row.Get("licence");
        if (licence.Length > 0 && Licences.Find(licence) is null)
        {
            problems.Add($"licence « {licence} » inconnue ({string.Join(", ", Licences.All.Select(l => l.Code))}, ou leur nom)");
        }

        if (CatalogueFile.ParseBool(row.Get("private")) is null)
        {
            problems.Add($"valeur « {row.Get("private")} » invalide pour private (oui/non, true/false, 1/0)");
        }

        foreach (var column in new[] { "published_on", "event_date" })
        {
            if (row.Get(column).Length > 0 && CatalogueFile.ParseDate(row.Get(column)) is null)
            {
                problems.Add($"date « {row.Get(column)} » invalide pour {column} (AAAA-MM-JJ ou JJ/MM/AAAA)");
            }
        }

        if (ImportPublication.Parse(row.Get("status"), out var validStatus) is { AtUtc: DateTime at } && at > context.NowUtc.AddYears(5))
        {
            problems.Add($"publication programmée trop lointaine « {row.Get("status")} » (5 ans au plus)");
        }
        else if (!validStatus)
        {
            problems.Add($"valeur « {row.Get("status")} » invalide pour status (brouillon, publiée, ou une date et heure AAAA-MM-JJTHH:MM avec son fuseau, par exemple 2027-01-15T09:00+01:00)");
        }

        foreach (var speaker in CatalogueFile.SplitSpeakers(row.Get("speakers")).Where(s => !context.Speakers.ContainsKey(Content.Slug.From(s.Name, 100)) && context.NewSpeakers.TryAdd(Content.Slug.From(s.Name, 100), s.Name)))
        {
            notes.Add($"intervenant·e « {speaker.Name} » créé·e");
        }

        foreach (var link in CatalogueFile.Split(row.Get("links")))
        {
            var parsed = CatalogueFile.ParseLink(link);
            if (parsed is null)
            {
                problems.Add($"lien « {link} » invalide (une adresse https://…, éventuellement précédée de « libellé » ou « video: libellé »)");
            }
            else if (parsed.Value.Kind == LinkKind.Video && VideoEmbed.Parse(parsed.Value.Url) is null)
            {
                problems.Add($"vidéo « {parsed.Value.Url} » non reconnue ({VideoEmbed.Accepted})");
            }
        }

        if (problems.Count == 0 && context.PublicationOf(row, existingId) is { Published: true } publication)
        {
            notes.Add(publication.AtUtc is DateTime from && from > context.NowUtc
                ? $"publication programmée le {FrenchDates.Moment(from)}"
                : existingId is null ? "publiée" : "publiée (ou le reste)");
        }

        var action = problems.Count > 0 ? "refusée" : existingId is null ? "à créer" : "à mettre à jour";
        return new CheckedRow(new RowReport(row.Number, slug.Length > 0 ? slug : $"ligne {row.Number}", action, problems, notes), existingId, slug, kindId);
    }

    /// <summary>The row as the editor's input; its terms exist by now (created before the first batch).</summary>
    internal static ResourceInput ToInput(TransferRow row, RowMatch match, ImportContext context)
    {
        var categoryIds = CatalogueFile.Split(row.Get("categories")).Select(name => context.Categories[Fold(name)]).ToList();
        var series = row.Get("series");
        int? seriesId = series.Length > 0 ? context.Series[Fold(series)] : null;
        var speakers = new List<SpeakerRow>();
        foreach (var (name, role) in CatalogueFile.SplitSpeakers(row.Get("speakers")))
        {
            var id = context.Speakers[Content.Slug.From(name, 100)];

            // Exported as "Name, role, organisation": split back at the last comma when the organisation is one we know.
            speakers.Add(SplitRole(role, context.Organisations) is var (r, o) ? new SpeakerRow { SpeakerId = id, Role = r, Organisation = o } : new SpeakerRow { SpeakerId = id });
        }

        return new ResourceInput
        {
            Title = row.Get("title"),
            Slug = match.Slug,
            KindId = context.Kinds[Fold(row.Get("kind"))],
            SourceType = CatalogueFile.NullIfEmpty(row.Get("source_type")) ?? Resource.DefaultSourceType,
            IsPrivate = CatalogueFile.ParseBool(row.Get("private")) ?? false,
            Summary = row.Values.GetValueOrDefault("summary") ?? "",
            Body = row.Values.GetValueOrDefault("body") ?? "",
            PublishedOn = CatalogueFile.ParseDate(row.Get("published_on"))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EventDate = CatalogueFile.ParseDate(row.Get("event_date"))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SeriesId = seriesId,
            SeriesNumber = int.TryParse(row.Get("series_number"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Licence = Licences.Find(row.Get("licence"))?.Code,
            CategoryIds = categoryIds,
            Speakers = speakers,
            Links = [.. CatalogueFile.Split(row.Get("links")).Select(CatalogueFile.ParseLink).Where(l => l is not null).Select(l => new LinkRow { Kind = l!.Value.Kind, Label = l.Value.Label, Url = l.Value.Url })],
        };
    }

    internal static string Fold(string value) => SearchText.Normalize(value).Replace(" ", "-", StringComparison.Ordinal);

    /// <summary>"role, Organisation" back into its parts when the last part is a known organisation; otherwise all of it is the role.</summary>
    private static (string? Role, string? Organisation) SplitRole(string text, HashSet<string> organisations)
    {
        if (text.Length == 0)
        {
            return (null, null);
        }

        var comma = text.LastIndexOf(',');
        if (comma > 0 && organisations.Contains(text[(comma + 1)..].Trim()))
        {
            return (CatalogueFile.NullIfEmpty(text[..comma]), text[(comma + 1)..].Trim());
        }

        return organisations.Contains(text) ? (null, text) : (text, null);
    }
}

internal sealed record CheckedRow(RowReport Report, int? ExistingId, string Slug, int? KindId);

internal sealed record RowMatch(int? ExistingId, string Slug);

/// <summary>Lookups loaded once per pass: terms, and the id, slug and external_id of every resource.</summary>
internal sealed class ImportContext
{
    public required Dictionary<string, int> Kinds { get; init; }
    public required List<string> KindNames { get; init; }
    public required Dictionary<string, int> Categories { get; init; }
    public required Dictionary<string, int> Series { get; init; }
    public required Dictionary<string, int> Speakers { get; init; }
    public required HashSet<string> Organisations { get; init; }
    public required Dictionary<string, int> BySlug { get; init; }
    public required Dictionary<string, int> ByExternalId { get; init; }
    public required Dictionary<string, int> OldSlugs { get; init; }
    public required HashSet<string> CategorySlugs { get; init; }
    public required HashSet<string> SeriesSlugs { get; init; }
    public required DateTime NowUtc { get; init; }

    /// <summary><c>--publish</c>: a row without status is read as "publiée".</summary>
    public bool PublishWithoutStatus { get; set; }

    public HashSet<string> SeenSlugs { get; } = new(StringComparer.Ordinal);
    public HashSet<string> SeenExternalIds { get; } = new(StringComparer.Ordinal);

    // Terms the file names that do not exist yet, by their lookup key, as first written.
    public Dictionary<string, string> NewCategories { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> NewSeries { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> NewSpeakers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// What a valid row does to the publication state: its status column; without one, "publiée"
    /// under <c>--publish</c>, else a draft for a new resource and nothing (null) for an existing one.
    /// </summary>
    public ImportPublication? PublicationOf(TransferRow row, int? existingId) =>
        ImportPublication.Parse(row.Get("status"), out _)
        ?? (PublishWithoutStatus ? ImportPublication.PublishedNow : existingId is null ? ImportPublication.Draft : null);

    /// <summary>The resource a row updates (by external_id, then slug), and the row's slug.</summary>
    public RowMatch Match(TransferRow row)
    {
        var slug = row.Get("slug");
        if (slug.Length == 0)
        {
            slug = Content.Slug.From(row.Get("title"), 100);
        }

        var externalId = row.Get("external_id");
        int? existingId = externalId.Length > 0 && ByExternalId.TryGetValue(externalId, out var byExternal) ? byExternal
            : BySlug.TryGetValue(slug, out var bySlug) ? bySlug
            : null;
        return new RowMatch(existingId, slug);
    }

    public static async Task<ImportContext> LoadAsync(AppDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken);
        var kindLookup = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var kind in kinds)
        {
            kindLookup[ImportRows.Fold(kind.Slug)] = kind.Id;
            kindLookup[ImportRows.Fold(kind.Name)] = kind.Id;
            kindLookup[ImportRows.Fold(kind.PluralName)] = kind.Id;
        }

        var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
        var series = await db.Series.AsNoTracking().ToListAsync(cancellationToken);
        var speakers = await db.Speakers.AsNoTracking().ToListAsync(cancellationToken);
        var resources = await db.Resources.AsNoTracking().Select(r => new { r.Id, r.Slug, r.ExternalId, r.DeletedAt }).ToListAsync(cancellationToken);

        var context = new ImportContext
        {
            Kinds = kindLookup,
            KindNames = [.. kinds.Select(k => k.Name)],
            Categories = categories.SelectMany(c => new[] { (ImportRows.Fold(c.Name), c.Id), (ImportRows.Fold(c.Slug), c.Id) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
            Series = series.SelectMany(s => new[] { (ImportRows.Fold(s.Name), s.Id), (ImportRows.Fold(s.Slug), s.Id) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
            Speakers = speakers.ToDictionary(s => s.Slug, s => s.Id),
            Organisations = [.. speakers.Select(s => s.Organisation).Concat(await db.ResourceSpeakers.AsNoTracking().Select(rs => rs.Organisation).Distinct().ToListAsync(cancellationToken)).Where(o => !string.IsNullOrEmpty(o)).Select(o => o!)],
            BySlug = resources.ToDictionary(r => r.Slug, r => r.Id),
            ByExternalId = resources.Where(r => r.ExternalId != null).ToDictionary(r => r.ExternalId!, r => r.Id),
            OldSlugs = await db.ResourceSlugRedirects.AsNoTracking().ToDictionaryAsync(r => r.OldSlug, r => r.ResourceId, cancellationToken),
            NowUtc = nowUtc,
            CategorySlugs = [.. categories.Select(c => c.Slug)],
            SeriesSlugs = [.. series.Select(s => s.Slug)],
        };

        return context;
    }
}
