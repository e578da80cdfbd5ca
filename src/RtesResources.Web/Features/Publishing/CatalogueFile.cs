using System.Text;
using System.Text.Json;
using CsvHelper;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Infrastructure;

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

/// <summary>
/// The catalogue's file format (docs/import.md), read by the import and written by the export: its
/// columns, CSV as Excel and LibreOffice write it in French (UTF-8 with or without BOM, ";" or ",",
/// quoted fields with line breaks, formula cells escaped) or JSON Lines, and the syntax of the values
/// of a cell (lists, speakers, yes/no, dates, links), so that what the export writes the import reads.
/// </summary>
public static class CatalogueFile
{
    public static readonly string[] Columns =
    [
        "external_id", "slug", "title", "kind", "source_type", "categories", "private", "summary", "body",
        "published_on", "event_date", "speakers", "links", "series", "series_number", "licence",
    ];

    /// <summary>Import-only columns: not written by the export, whose round trip must change nothing.</summary>
    public static readonly string[] ImportOnlyColumns = ["status"];

    private static readonly JsonSerializerOptions JsonLineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TransferFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" or ".txt" => TransferFormat.Csv,
        ".jsonl" or ".ndjson" or ".json" => TransferFormat.JsonLines,
        _ => null,
    };

    /// <summary>The file's rows one at a time: only the current row is in memory.</summary>
    internal static IEnumerable<TransferRow> ReadRows(Stream content, TransferFormat format, List<string> fileProblems) =>
        format == TransferFormat.Csv ? ReadCsv(content, fileProblems) : ReadJsonLines(content, fileProblems);

    private static StreamReader Utf8Reader(Stream content) =>
        new(content, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true);

    private static IEnumerable<TransferRow> ReadCsv(Stream content, List<string> fileProblems)
    {
        var start = content.Position;
        string firstLine;
        using (var peek = Utf8Reader(content))
        {
            firstLine = peek.ReadLine() ?? "";
        }

        content.Position = start;
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';

        using var text = Utf8Reader(content);
        using var reader = CsvReader.Create(text, new CsvReaderOptions { Separator = separator, HasHeader = true, AllowLineBreaksInQuotes = true, SkipEmptyLines = true }, leaveOpen: true);
        reader.ReadHeader();
        var headers = reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        CheckColumns(headers, fileProblems);

        var number = 1;
        while (reader.Read())
        {
            number++;
            var row = new TransferRow { Number = number };
            for (var i = 0; i < headers.Count && i < reader.FieldCount; i++)
            {
                row.Values[headers[i]] = SpreadsheetCsv.ReadCell(reader.GetString(i) ?? "");
            }

            yield return row;
        }
    }

    private static IEnumerable<TransferRow> ReadJsonLines(Stream content, List<string> fileProblems)
    {
        using var reader = Utf8Reader(content);
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

            yield return row;
        }

        CheckColumns([.. columns], fileProblems);
    }

    private static void CheckColumns(IReadOnlyCollection<string> headers, List<string> fileProblems)
    {
        foreach (var unknown in headers.Where(h => !Columns.Contains(h) && !ImportOnlyColumns.Contains(h)))
        {
            fileProblems.Add($"Colonne inconnue « {unknown} » : elle n'est pas importée. Renommez-la (colonnes : {string.Join(", ", Columns.Concat(ImportOnlyColumns))}) ou retirez-la.");
        }

        if (!headers.Contains("title"))
        {
            fileProblems.Add("La colonne « title » manque.");
        }
    }

    /// <summary>The export's rows, in the order of <see cref="Columns"/>, as a whole file.</summary>
    internal static async Task<byte[]> WriteAsync(TransferFormat format, IReadOnlyList<string[]> rows)
    {
        using var memory = new MemoryStream();
        if (format == TransferFormat.Csv)
        {
            // Formula cells are escaped for spreadsheets (SpreadsheetCsv); the import reads the escape back off.
            using var writer = CsvWriter.Create(memory, SpreadsheetCsv.WriterOptions(), true);
            writer.WriteRecord(Columns);
            foreach (var row in rows)
            {
                writer.WriteRecord(row.Select(SpreadsheetCsv.Cell).ToArray());
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

    internal static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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

    internal static DateOnly? ParseDate(string value) => FrenchDates.ParseDay(value);

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

    internal static string FormatLink(LinkKind kind, string label, string url)
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

    internal static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
