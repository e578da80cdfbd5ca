using System.IO.Compression;

namespace RtesResources.Web.Features.Files;

public sealed record SniffedType(string Extension, string ContentType, string Label);

/// <summary>
/// Recognises the accepted file types from their bytes, never from their names: PDF, PNG, JPEG, and
/// the zip-based office formats (DOCX, PPTX, XLSX by their main part; ODT, ODP, ODS by their
/// "mimetype" entry). Anything else, an executable renamed ".pdf" included, is not recognised.
/// </summary>
public static class FileTypeSniffer
{
    public static readonly SniffedType Pdf = new("pdf", "application/pdf", "PDF");
    public static readonly SniffedType Png = new("png", "image/png", "PNG");
    public static readonly SniffedType Jpeg = new("jpg", "image/jpeg", "JPEG");
    public static readonly SniffedType Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX");
    public static readonly SniffedType Pptx = new("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PPTX");
    public static readonly SniffedType Xlsx = new("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX");
    public static readonly SniffedType Odt = new("odt", "application/vnd.oasis.opendocument.text", "ODT");
    public static readonly SniffedType Odp = new("odp", "application/vnd.oasis.opendocument.presentation", "ODP");
    public static readonly SniffedType Ods = new("ods", "application/vnd.oasis.opendocument.spreadsheet", "ODS");

    public const string AcceptedLabels = "PDF, DOCX, ODT, PPTX, ODP, XLSX, ODS, PNG, JPEG";

    /// <summary>The type of a seekable stream's content, or null; the stream is left at position 0.</summary>
    public static SniffedType? Sniff(Stream content)
    {
        Span<byte> head = stackalloc byte[8];
        content.Position = 0;
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        content.Position = 0;
        head = head[..read];

        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith("PK\u0003\u0004"u8))
        {
            var type = SniffZip(content);
            content.Position = 0;
            return type;
        }

        return null;
    }

    private static SniffedType? SniffZip(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var mimetype = zip.GetEntry("mimetype");
            if (mimetype is not null && mimetype.Length < 200)
            {
                using var reader = new StreamReader(mimetype.Open());
                return reader.ReadToEnd().Trim() switch
                {
                    "application/vnd.oasis.opendocument.text" => Odt,
                    "application/vnd.oasis.opendocument.presentation" => Odp,
                    "application/vnd.oasis.opendocument.spreadsheet" => Ods,
                    _ => null,
                };
            }

            if (zip.GetEntry("[Content_Types].xml") is null)
            {
                return null;
            }

            return zip.GetEntry("word/document.xml") is not null ? Docx
                : zip.GetEntry("ppt/presentation.xml") is not null ? Pptx
                : zip.GetEntry("xl/workbook.xml") is not null ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }
}
