using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Publishing;

public enum TransferFormat
{
    Csv,
    JsonLines,
}

/// <summary>One row of an import, as read: every value a string, the names those of docs/import.md.</summary>
public sealed class TransferRow
{
    public int Number { get; init; }
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public string Get(string column) => Values.TryGetValue(column, out var value) ? value.Trim() : "";
}

public sealed record RowReport(int Number, string Key, string Action, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

public sealed record ImportReport(bool DryRun, bool Applied, IReadOnlyList<string> FileProblems, IReadOnlyList<RowReport> Rows)
{
    public int Failed => Rows.Count(r => r.Problems.Count > 0);

    public bool Succeeded => FileProblems.Count == 0 && Failed == 0;
}

/// <summary>
/// Import and export of the catalogue in one documented format (docs/import.md), as CSV (what Excel and
/// LibreOffice write in French: UTF-8 with or without BOM, ";" or ",", quoted fields with line breaks)
/// or JSON Lines. Imports check every row first (the dry run stops there), then apply all rows in one
/// transaction or none. Rows match existing resources by external_id, then by slug, so importing the
/// same file again changes nothing.
/// </summary>
public sealed class CatalogueTransfer(AppDbContext db, ResourceEditorService editor)
{
    public static readonly string[] Columns =
    [
        "external_id", "slug", "title", "kind", "source_type", "categories", "private", "summary", "body",
        "published_on", "event_date", "speakers", "links", "series", "series_number", "licence",
    ];

    public const int MaxRows = 10_000;

    private static readonly JsonSerializerOptions JsonLineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TransferFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" or ".txt" => TransferFormat.Csv,
        ".jsonl" or ".ndjson" or ".json" => TransferFormat.JsonLines,
        _ => null,
    };

    public async Task<ImportReport> ImportAsync(Stream content, TransferFormat format, bool dryRun, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        var fileProblems = new List<string>();
        List<TransferRow> rows;
        try
        {
            rows = format == TransferFormat.Csv ? ReadCsv(content, fileProblems) : ReadJsonLines(content, fileProblems);
        }
        catch (Exception exception) when (exception is JsonException or DecoderFallbackException or InvalidDataException or FormatException or InvalidOperationException)
        {
            return new ImportReport(dryRun, false, [$"Le fichier n'a pas pu être lu ({exception.Message})."], []);
        }

        if (rows.Count > MaxRows)
        {
            fileProblems.Add($"{rows.Count} lignes : {MaxRows} au plus par import.");
        }

        var context = await ImportContext.LoadAsync(db, cancellationToken);
        var reports = rows.Select(row => Check(row, context)).ToList();
        var report = new ImportReport(dryRun, false, fileProblems, reports.Select(r => r.Report).ToList());
        if (dryRun || !report.Succeeded)
        {
            return report;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var outcomes = new Dictionary<int, string>();
            foreach (var (row, checkedRow) in rows.Zip(reports))
            {
                var input = await ToInputAsync(row, checkedRow, context, cancellationToken);
                var result = checkedRow.ExistingId is int id
                    ? await editor.UpdateAsync(id, input, by, "Import", cancellationToken)
                    : await editor.CreateAsync(input, by, "Import", NullIfEmpty(row.Get("external_id")), cancellationToken);
                if (result.Outcome is not (SaveOutcome.Saved or SaveOutcome.Unchanged))
                {
                    await transaction.RollbackAsync(cancellationToken);
                    var problems = result.Errors?.Values.ToList() ?? [$"Enregistrement impossible ({result.Outcome})."];
                    return report with { Rows = [.. report.Rows.Select(r => r.Number == row.Number ? r with { Problems = problems } : r)] };
                }

                if (checkedRow.ExistingId is int existing && NullIfEmpty(row.Get("external_id")) is string externalId)
                {
                    await db.Resources.Where(r => r.Id == existing && r.ExternalId == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExternalId, externalId), cancellationToken);
                }

                outcomes[row.Number] = result.Outcome == SaveOutcome.Unchanged ? "inchangée" : checkedRow.ExistingId is null ? "créée" : "mise à jour";
                db.ChangeTracker.Clear();
            }

            await transaction.CommitAsync(cancellationToken);
            report = report with { Rows = [.. report.Rows.Select(r => r with { Action = outcomes.GetValueOrDefault(r.Number, r.Action) })] };
        }
        catch
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }

        return report with { Applied = true };
    }

    public async Task<byte[]> ExportAsync(TransferFormat format, CancellationToken cancellationToken = default)
    {
        var resources = await db.Resources.AsNoTracking()
            .Where(r => r.DeletedAt == null)
            .OrderBy(r => r.Id)
            .Select(r => new
            {
                r.ExternalId,
                r.Slug,
                r.Title,
                Kind = r.Kind.Slug,
                r.SourceType,
                Categories = r.Categories.OrderBy(c => c.Name).Select(c => c.Name).ToList(),
                r.IsPrivate,
                r.SummaryMarkdown,
                r.BodyMarkdown,
                r.PublishedOn,
                r.EventDate,
                Speakers = r.Speakers.OrderBy(s => s.Position).Select(s => new { s.Speaker.Name, s.Role, s.Organisation }).ToList(),
                Links = r.Links.OrderBy(l => l.Position).Select(l => new { l.Kind, l.Label, l.Url }).ToList(),
                Series = r.Series == null ? null : r.Series.Name,
                r.SeriesNumber,
                r.Licence,
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var rows = resources.Select(r => new[]
        {
            r.ExternalId ?? "",
            r.Slug,
            r.Title,
            r.Kind,
            r.SourceType,
            string.Join(" | ", r.Categories),
            r.IsPrivate ? "oui" : "non",
            r.SummaryMarkdown,
            r.BodyMarkdown,
            r.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.EventDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            string.Join("\n", r.Speakers.Select(s => string.Join(", ", new[] { s.Name, s.Role, s.Organisation }.Where(p => !string.IsNullOrEmpty(p))))),
            string.Join(" | ", r.Links.Select(l => FormatLink(l.Kind, l.Label, l.Url))),
            r.Series ?? "",
            r.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
            r.Licence ?? "",
        }).ToList();

        using var memory = new MemoryStream();
        if (format == TransferFormat.Csv)
        {
            using var writer = CsvWriter.Create(memory, new CsvWriterOptions { Separator = ';', WriteByteOrderMark = true, Injection = CsvInjection.None }, true);
            writer.WriteRecord(Columns);
            foreach (var row in rows)
            {
                writer.WriteRecord(row);
            }
        }
        else
        {
            using var writer = new StreamWriter(memory, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            foreach (var row in rows)
            {
                var line = new Dictionary<string, string>();
                for (var i = 0; i < Columns.Length; i++)
                {
                    line[Columns[i]] = row[i];
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(line, JsonLineOptions));
            }
        }

        return memory.ToArray();
    }

    private static List<TransferRow> ReadCsv(Stream content, List<string> fileProblems)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        var firstLine = text.Split('\n', 2)[0];
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';

        using var reader = CsvReader.FromText(text, new CsvReaderOptions { Separator = separator, HasHeader = true, AllowLineBreaksInQuotes = true, SkipEmptyLines = true });
        reader.ReadHeader();
        var headers = reader.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
        CheckColumns(headers, fileProblems);

        var rows = new List<TransferRow>();
        var number = 1;
        while (reader.Read())
        {
            number++;
            var row = new TransferRow { Number = number };
            for (var i = 0; i < headers.Count && i < reader.FieldCount; i++)
            {
                row.Values[headers[i]] = reader.GetString(i) ?? "";
            }

            rows.Add(row);
        }

        return rows;
    }

    private static List<TransferRow> ReadJsonLines(Stream content, List<string> fileProblems)
    {
        using var reader = new StreamReader(content, new UTF8Encoding(false, throwOnInvalidBytes: true));
        var rows = new List<TransferRow>();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                fileProblems.Add($"Ligne {number} : un objet JSON est attendu.");
                continue;
            }

            var row = new TransferRow { Number = number };
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var name = property.Name.Trim().ToLowerInvariant();
                columns.Add(name);
                row.Values[name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.Array => string.Join(name == "speakers" ? "\n" : " | ", property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                    JsonValueKind.Null => "",
                    JsonValueKind.True => "oui",
                    JsonValueKind.False => "non",
                    _ => property.Value.GetRawText(),
                };
            }

            rows.Add(row);
        }

        CheckColumns([.. columns], fileProblems);
        return rows;
    }

    private static void CheckColumns(IReadOnlyCollection<string> headers, List<string> fileProblems)
    {
        foreach (var unknown in headers.Where(h => !Columns.Contains(h)))
        {
            fileProblems.Add($"Colonne inconnue « {unknown} » : elle n'est pas importée. Renommez-la (colonnes : {string.Join(", ", Columns)}) ou retirez-la.");
        }

        if (!headers.Contains("title"))
        {
            fileProblems.Add("La colonne « title » manque.");
        }
    }

    private sealed record CheckedRow(RowReport Report, int? ExistingId, string Slug, int? KindId);

    private static CheckedRow Check(TransferRow row, ImportContext context)
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

        var slug = row.Get("slug");
        if (slug.Length == 0)
        {
            slug = Content.Slug.From(title, 100);
        }
        else if (!Content.Slug.IsWellFormed(slug))
        {
            problems.Add($"adresse « {slug} » invalide (minuscules sans accent, chiffres, tirets)");
        }

        var externalId = row.Get("external_id");
        int? existingId = externalId.Length > 0 && context.ByExternalId.TryGetValue(externalId, out var byExternal) ? byExternal
            : context.BySlug.TryGetValue(slug, out var bySlug) ? bySlug
            : null;
        if (slug.Length > 0 && !context.SeenSlugs.Add(slug))
        {
            problems.Add($"adresse « {slug} » en double dans le fichier");
        }
        else if (existingId is null && context.OldSlugs.Contains(slug))
        {
            problems.Add($"adresse « {slug} » déjà prise (ancienne adresse d'une autre ressource)");
        }

        int? kindId = context.Kinds.TryGetValue(Fold(row.Get("kind")), out var kind) ? kind : null;
        if (kindId is null)
        {
            problems.Add(row.Get("kind").Length == 0 ? "type manquant (colonne kind)" : $"type « {row.Get("kind")} » inconnu (types : {string.Join(", ", context.KindNames)})");
        }

        foreach (var category in Split(row.Get("categories")).Where(c => !context.Categories.ContainsKey(Fold(c))))
        {
            notes.Add($"thématique « {category} » créée");
        }

        var series = row.Get("series");
        if (series.Length > 0 && !context.Series.ContainsKey(Fold(series)))
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

        if (ParseBool(row.Get("private")) is null)
        {
            problems.Add($"valeur « {row.Get("private")} » invalide pour private (oui/non, true/false, 1/0)");
        }

        foreach (var column in new[] { "published_on", "event_date" })
        {
            if (row.Get(column).Length > 0 && ParseDate(row.Get(column)) is null)
            {
                problems.Add($"date « {row.Get(column)} » invalide pour {column} (AAAA-MM-JJ ou JJ/MM/AAAA)");
            }
        }

        foreach (var speaker in SplitSpeakers(row.Get("speakers")).Where(s => !context.Speakers.ContainsKey(Content.Slug.From(s.Name, 100))))
        {
            notes.Add($"intervenant·e « {speaker.Name} » créé·e");
        }

        foreach (var link in Split(row.Get("links")))
        {
            var parsed = ParseLink(link);
            if (parsed is null)
            {
                problems.Add($"lien « {link} » invalide (une adresse https://…, éventuellement précédée de « libellé » ou « video: libellé »)");
            }
            else if (parsed.Value.Kind == LinkKind.Video && VideoEmbed.Parse(parsed.Value.Url) is null)
            {
                problems.Add($"vidéo « {parsed.Value.Url} » non reconnue ({VideoEmbed.Accepted})");
            }
        }

        var action = problems.Count > 0 ? "refusée" : existingId is null ? "à créer" : "à mettre à jour";
        return new CheckedRow(new RowReport(row.Number, slug.Length > 0 ? slug : $"ligne {row.Number}", action, problems, notes), existingId, slug, kindId);
    }

    private async Task<ResourceInput> ToInputAsync(TransferRow row, CheckedRow checkedRow, ImportContext context, CancellationToken cancellationToken)
    {
        var categoryIds = new List<int>();
        foreach (var name in Split(row.Get("categories")))
        {
            if (!context.Categories.TryGetValue(Fold(name), out var id))
            {
                var category = db.Categories.Add(new Category { Name = name, Slug = await FreeSlugAsync(db.Categories.Select(c => c.Slug), name, cancellationToken) }).Entity;
                await db.SaveChangesAsync(cancellationToken);
                id = category.Id;
                context.Categories[Fold(name)] = id;
            }

            categoryIds.Add(id);
        }

        int? seriesId = null;
        var series = row.Get("series");
        if (series.Length > 0)
        {
            if (!context.Series.TryGetValue(Fold(series), out var id))
            {
                var created = db.Series.Add(new Series { Name = series, Slug = await FreeSlugAsync(db.Series.Select(s => s.Slug), series, cancellationToken) }).Entity;
                await db.SaveChangesAsync(cancellationToken);
                id = created.Id;
                context.Series[Fold(series)] = id;
            }

            seriesId = id;
        }

        var speakers = new List<SpeakerRow>();
        foreach (var (name, role) in SplitSpeakers(row.Get("speakers")))
        {
            var slug = Content.Slug.From(name, 100);
            if (!context.Speakers.TryGetValue(slug, out var id))
            {
                var created = db.Speakers.Add(new Speaker { Name = name, Slug = slug }).Entity;
                await db.SaveChangesAsync(cancellationToken);
                id = created.Id;
                context.Speakers[slug] = id;
            }

            // Exported as "Name, role, organisation": split back at the last comma when the organisation is one we know.
            speakers.Add(SplitRole(role, context.Organisations) is var (r, o) ? new SpeakerRow { SpeakerId = id, Role = r, Organisation = o } : new SpeakerRow { SpeakerId = id });
        }

        var version = checkedRow.ExistingId is int existing ? await db.Resources.Where(r => r.Id == existing).Select(r => r.Version).SingleAsync(cancellationToken) : 0;
        return new ResourceInput
        {
            Title = row.Get("title"),
            Slug = checkedRow.Slug,
            KindId = checkedRow.KindId,
            SourceType = NullIfEmpty(row.Get("source_type")) ?? Resource.DefaultSourceType,
            IsPrivate = ParseBool(row.Get("private")) ?? false,
            Summary = row.Values.GetValueOrDefault("summary") ?? "",
            Body = row.Values.GetValueOrDefault("body") ?? "",
            PublishedOn = ParseDate(row.Get("published_on"))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EventDate = ParseDate(row.Get("event_date"))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SeriesId = seriesId,
            SeriesNumber = int.TryParse(row.Get("series_number"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Licence = NullIfEmpty(row.Get("licence")),
            CategoryIds = categoryIds,
            Speakers = speakers,
            Links = [.. Split(row.Get("links")).Select(ParseLink).Where(l => l is not null).Select(l => new LinkRow { Kind = l!.Value.Kind, Label = l.Value.Label, Url = l.Value.Url })],
            Version = version,
        };
    }

    private static async Task<string> FreeSlugAsync(IQueryable<string> taken, string name, CancellationToken cancellationToken)
    {
        var baseSlug = Content.Slug.From(name, 100);
        var slug = baseSlug.Length == 0 ? "terme" : baseSlug;
        for (var n = 2; await taken.AnyAsync(s => s == slug, cancellationToken); n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        return slug;
    }

    internal static string Fold(string value) => SearchText.Normalize(value).Replace(" ", "-", StringComparison.Ordinal);

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>One speaker a line: "Name, role and organisation" (the seed's own way of writing them).</summary>
    internal static IEnumerable<(string Name, string Role)> SplitSpeakers(string value) =>
        value.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.TrimStart('•', '-', '*', ' '))
            .Where(line => line.Length > 0)
            .Select(line => line.IndexOf(',', StringComparison.Ordinal) is var comma and > 0 ? (line[..comma].Trim(), line[(comma + 1)..].Trim()) : (line, ""));

    internal static bool? ParseBool(string value) => SearchText.Normalize(value) switch
    {
        "" or "non" or "false" or "0" or "faux" or "no" => false,
        "oui" or "true" or "1" or "vrai" or "yes" => true,
        _ => null,
    };

    internal static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static readonly Dictionary<string, LinkKind> LinkPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["video"] = LinkKind.Video,
        ["vidéo"] = LinkKind.Video,
        ["diaporama"] = LinkKind.Slides,
        ["document"] = LinkKind.Document,
        ["web"] = LinkKind.Web,
    };

    /// <summary>"https://…", "Libellé https://…" or "video: Libellé https://…" (see docs/import.md).</summary>
    internal static (LinkKind Kind, string Label, string Url)? ParseLink(string item)
    {
        var kind = LinkKind.Web;
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && LinkPrefixes.TryGetValue(item[..colon].Trim(), out var prefixed))
        {
            kind = prefixed;
            item = item[(colon + 1)..].Trim();
        }

        var space = item.LastIndexOf(' ');
        var url = space < 0 ? item : item[(space + 1)..];
        var label = space < 0 ? url : item[..space].Trim();
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? (kind, label, url)
            : null;
    }

    private static string FormatLink(LinkKind kind, string label, string url)
    {
        var prefix = kind switch
        {
            LinkKind.Video => "video: ",
            LinkKind.Slides => "diaporama: ",
            LinkKind.Document => "document: ",
            _ => "",
        };
        return label == url && prefix.Length == 0 ? url : $"{prefix}{label} {url}";
    }

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
            return (NullIfEmpty(text[..comma]), text[(comma + 1)..].Trim());
        }

        return organisations.Contains(text) ? (null, text) : (text, null);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Lookups loaded once per import, kept current as rows create terms.</summary>
    private sealed class ImportContext
    {
        public required Dictionary<string, int> Kinds { get; init; }
        public required List<string> KindNames { get; init; }
        public required Dictionary<string, int> Categories { get; init; }
        public required Dictionary<string, int> Series { get; init; }
        public required Dictionary<string, int> Speakers { get; init; }
        public required HashSet<string> Organisations { get; init; }
        public required Dictionary<string, int> BySlug { get; init; }
        public required Dictionary<string, int> ByExternalId { get; init; }
        public required HashSet<string> OldSlugs { get; init; }
        public HashSet<string> SeenSlugs { get; } = new(StringComparer.Ordinal);

        public static async Task<ImportContext> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken);
            var kindLookup = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var kind in kinds)
            {
                kindLookup[Fold(kind.Slug)] = kind.Id;
                kindLookup[Fold(kind.Name)] = kind.Id;
                kindLookup[Fold(kind.PluralName)] = kind.Id;
            }

            var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
            var series = await db.Series.AsNoTracking().ToListAsync(cancellationToken);
            var speakers = await db.Speakers.AsNoTracking().ToListAsync(cancellationToken);
            var resources = await db.Resources.AsNoTracking().Select(r => new { r.Id, r.Slug, r.ExternalId, r.DeletedAt }).ToListAsync(cancellationToken);

            var context = new ImportContext
            {
                Kinds = kindLookup,
                KindNames = [.. kinds.Select(k => k.Name)],
                Categories = categories.SelectMany(c => new[] { (Fold(c.Name), c.Id), (Fold(c.Slug), c.Id) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
                Series = series.SelectMany(s => new[] { (Fold(s.Name), s.Id), (Fold(s.Slug), s.Id) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
                Speakers = speakers.ToDictionary(s => s.Slug, s => s.Id),
                Organisations = [.. speakers.Select(s => s.Organisation).Concat(await db.ResourceSpeakers.AsNoTracking().Select(rs => rs.Organisation).ToListAsync(cancellationToken)).Where(o => !string.IsNullOrEmpty(o)).Select(o => o!)],
                BySlug = resources.ToDictionary(r => r.Slug, r => r.Id),
                ByExternalId = resources.Where(r => r.ExternalId != null).ToDictionary(r => r.ExternalId!, r => r.Id),
                OldSlugs = [.. await db.ResourceSlugRedirects.AsNoTracking().Select(r => r.OldSlug).ToListAsync(cancellationToken)],
            };

            return context;
        }
    }
}
