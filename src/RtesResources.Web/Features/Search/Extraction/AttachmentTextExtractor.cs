using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.Extensions.Options;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Files;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;
using Drawing = DocumentFormat.OpenXml.Drawing;
using Presentation = DocumentFormat.OpenXml.Presentation;
using Spreadsheet = DocumentFormat.OpenXml.Spreadsheet;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace RtesResources.Web.Features.Search.Extraction;

/// <summary>What reading a file's text gave: its text, no text at all, or a failure with its French reason.</summary>
public sealed record TextExtractionResult(TextExtractionState State, string? Text, string? Error)
{
    public static TextExtractionResult Indexed(string text) => new(TextExtractionState.Indexed, text, null);

    public static TextExtractionResult NoText { get; } = new(TextExtractionState.NoText, null, null);

    public static TextExtractionResult Failed(string reason) => new(TextExtractionState.Failed, null, reason);
}

/// <summary>
/// Reads the plain text of an attached file for search. Files come from editors but are still
/// untrusted input: every read is bounded in size, pages, characters and time, and zip-based
/// documents are checked against decompression bombs before any parser opens them.
/// </summary>
public sealed class AttachmentTextExtractor(IOptions<TextExtractionOptions> options)
{
    public const string TooLarge = "fichier trop volumineux pour en lire le texte";
    public const string ArchiveTooLarge = "archive trop volumineuse une fois décompressée";
    public const string ArchiveTooCompressed = "archive anormalement compressée";
    public const string ArchiveTooManyEntries = "archive contenant trop de fichiers";
    public const string TimedOut = "délai dépassé";
    public const string PdfEncrypted = "fichier PDF protégé par un mot de passe";

    // A real document has a few hundred parts; thousands of entries only make the central directory expensive.
    private const int MaxArchiveEntries = 10_000;

    private const string OdfText = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private const string OdfDrawing = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    private const string OdfTable = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private const string OdfOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";

    private readonly TextExtractionOptions _options = options.Value;

    public static string Unreadable(string label) => $"fichier {label} illisible";

    public async Task<TextExtractionResult> ExtractAsync(Stream content, string contentType, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var (kind, label) = KindOf(contentType, fileName);
        if (kind == DocumentKind.None)
        {
            return TextExtractionResult.NoText;
        }

        if (content.CanSeek && content.Length > _options.MaxInputBytes)
        {
            return TextExtractionResult.Failed(TooLarge);
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.TimeBudget);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await using var buffer = await ReadBoundedAsync(content, budget.Token);
            if (buffer is null)
            {
                return TextExtractionResult.Failed(TooLarge);
            }

            var text = new BoundedText(_options.MaxOutputChars);
            var token = budget.Token;
            switch (kind)
            {
                case DocumentKind.Pdf:
                    ReadPdf(buffer, text, token);
                    break;
                case DocumentKind.Docx:
                    CheckArchive(buffer);
                    ReadDocx(buffer, text, token);
                    break;
                case DocumentKind.Pptx:
                    CheckArchive(buffer);
                    ReadPptx(buffer, text, token);
                    break;
                case DocumentKind.Xlsx:
                    CheckArchive(buffer);
                    ReadXlsx(buffer, text, token);
                    break;
                case DocumentKind.OpenDocument:
                    CheckArchive(buffer);
                    ReadOpenDocument(buffer, text, token);
                    break;
                default:
                    ReadPlainText(buffer, text, token);
                    break;
            }

            // The timer behind the token can fire late on a starved thread pool, after the whole file
            // was read: the budget is the time spent, whatever the timer did.
            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) > _options.TimeBudget)
            {
                return TextExtractionResult.Failed(TimedOut);
            }

            var result = text.ToString();
            return result.Length == 0 ? TextExtractionResult.NoText : TextExtractionResult.Indexed(result);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return TextExtractionResult.Failed(TimedOut);
        }
        catch (ExtractionRefusedException refused)
        {
            return TextExtractionResult.Failed(refused.Reason);
        }
        catch (PdfDocumentEncryptedException)
        {
            return TextExtractionResult.Failed(PdfEncrypted);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
        {
            // Three libraries' parsers throw many exception types on a damaged file; all mean "unreadable".
            return TextExtractionResult.Failed(Unreadable(label));
        }
    }

    private enum DocumentKind
    {
        None,
        Pdf,
        Docx,
        Pptx,
        Xlsx,
        OpenDocument,
        PlainText,
    }

    private static (DocumentKind Kind, string Label) KindOf(string contentType, string fileName)
    {
        var type = contentType.Split(';', 2)[0].Trim().ToLowerInvariant();
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (type == FileTypeSniffer.Pdf.ContentType || extension == "pdf")
        {
            return (DocumentKind.Pdf, "PDF");
        }

        if (type == FileTypeSniffer.Docx.ContentType || extension == "docx")
        {
            return (DocumentKind.Docx, "DOCX");
        }

        if (type == FileTypeSniffer.Pptx.ContentType || extension == "pptx")
        {
            return (DocumentKind.Pptx, "PPTX");
        }

        if (type == FileTypeSniffer.Xlsx.ContentType || extension == "xlsx")
        {
            return (DocumentKind.Xlsx, "XLSX");
        }

        foreach (var odf in (ReadOnlySpan<SniffedType>)[FileTypeSniffer.Odt, FileTypeSniffer.Odp, FileTypeSniffer.Ods])
        {
            if (type == odf.ContentType || extension == odf.Extension)
            {
                return (DocumentKind.OpenDocument, odf.Label);
            }
        }

        return type is "text/plain" or "text/markdown" or "text/x-markdown" or "text/csv" || extension is "txt" or "md" or "markdown" or "csv"
            ? (DocumentKind.PlainText, "texte")
            : (DocumentKind.None, "");
    }

    /// <summary>The whole file in memory (parsers need to seek), or null past the input limit.</summary>
    private async Task<MemoryStream?> ReadBoundedAsync(Stream content, CancellationToken cancellationToken)
    {
        var limit = Math.Min(_options.MaxInputBytes, Array.MaxLength);
        var buffer = new MemoryStream(content.CanSeek ? (int)Math.Min(content.Length, limit) : 0);
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                await buffer.DisposeAsync();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>
    /// Refuses a zip whose declared sizes or compression ratio betray a decompression bomb, from the
    /// central directory alone: nothing is inflated here. Reading later cannot exceed what is declared
    /// (System.IO.Compression stops an entry at its declared size), so the check holds.
    /// </summary>
    private void CheckArchive(MemoryStream buffer)
    {
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true))
        {
            if (zip.Entries.Count > MaxArchiveEntries)
            {
                throw new ExtractionRefusedException(ArchiveTooManyEntries);
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.Length > _options.MaxUncompressedBytes || total > _options.MaxUncompressedBytes)
                {
                    throw new ExtractionRefusedException(ArchiveTooLarge);
                }

                if (entry.Length > _options.RatioCheckFromBytes && entry.Length > Math.Max(entry.CompressedLength, 1) * _options.MaxCompressionRatio)
                {
                    throw new ExtractionRefusedException(ArchiveTooCompressed);
                }
            }
        }

        buffer.Position = 0;
    }

    private OpenSettings OpenXmlSettings => new() { AutoSave = false, MaxCharactersInPart = _options.MaxUncompressedBytes };

    private void ReadPdf(Stream buffer, BoundedText text, CancellationToken cancellationToken)
    {
        using var document = PdfDocument.Open(buffer, new ParsingOptions { ClipPaths = false, SkipMissingFonts = true });
        var pages = Math.Min(document.NumberOfPages, _options.MaxPages);
        for (var number = 1; number <= pages && !text.IsFull; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Append(ContentOrderTextExtractor.GetText(document.GetPage(number)));
            text.EndPage();
        }
    }

    private void ReadDocx(Stream buffer, BoundedText text, CancellationToken cancellationToken)
    {
        using var document = WordprocessingDocument.Open(buffer, false, OpenXmlSettings);
        var body = document.MainDocumentPart?.Document?.Body;
        if (body is null)
        {
            return;
        }

        // Paragraphs nested in a text box are read with the paragraph that holds them.
        foreach (var paragraph in body.Descendants<Word.Paragraph>().Where(p => !p.Ancestors<Word.Paragraph>().Any()))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var element in paragraph.Descendants())
            {
                switch (element)
                {
                    case Word.Text run:
                        text.Append(run.Text);
                        break;
                    case Word.TabChar:
                        text.Append("\t");
                        break;
                    case Word.Break or Word.CarriageReturn:
                        text.Append("\n");
                        break;
                }
            }

            text.EndParagraph();
            if (text.IsFull)
            {
                return;
            }
        }
    }

    private void ReadPptx(Stream buffer, BoundedText text, CancellationToken cancellationToken)
    {
        using var document = PresentationDocument.Open(buffer, false, OpenXmlSettings);
        var presentation = document.PresentationPart;
        var slides = presentation?.Presentation?.SlideIdList?.Elements<Presentation.SlideId>() ?? [];
        foreach (var slideId in slides.Take(_options.MaxPages))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (slideId.RelationshipId?.Value is not string relationship || presentation!.GetPartById(relationship) is not SlidePart slide)
            {
                continue;
            }

            foreach (var paragraph in slide.Slide?.Descendants<Drawing.Paragraph>() ?? [])
            {
                foreach (var element in paragraph.Descendants())
                {
                    if (element is Drawing.Text run)
                    {
                        text.Append(run.Text);
                    }
                    else if (element is Drawing.Break)
                    {
                        text.Append("\n");
                    }
                }

                text.EndParagraph();
            }

            text.EndPage();
            if (text.IsFull)
            {
                return;
            }
        }
    }

    private void ReadXlsx(Stream buffer, BoundedText text, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Open(buffer, false, OpenXmlSettings);
        var workbook = document.WorkbookPart;
        if (workbook?.Workbook?.Sheets is not { } sheets)
        {
            return;
        }

        var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<Spreadsheet.SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        foreach (var sheet in sheets.Elements<Spreadsheet.Sheet>().Take(_options.MaxPages))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (sheet.Id?.Value is not string relationship || workbook.GetPartById(relationship) is not WorksheetPart part)
            {
                continue;
            }

            text.Append(sheet.Name?.Value ?? "");
            text.EndParagraph();
            foreach (var row in part.Worksheet?.Descendants<Spreadsheet.Row>() ?? [])
            {
                var cells = row.Elements<Spreadsheet.Cell>().Select(c => CellText(c, shared)).Where(v => v.Length > 0);
                text.Append(string.Join('\t', cells));
                text.EndParagraph();
                if (text.IsFull)
                {
                    return;
                }
            }

            text.EndPage();
        }
    }

    private static string CellText(Spreadsheet.Cell cell, List<string> shared)
    {
        var value = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value == Spreadsheet.CellValues.SharedString)
        {
            return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : "";
        }

        return cell.DataType?.Value == Spreadsheet.CellValues.InlineString ? cell.InlineString?.InnerText ?? "" : value;
    }

    /// <summary>ODT, ODP and ODS keep their text in content.xml: paragraphs and headings, in slides (draw:page) or sheets.</summary>
    private void ReadOpenDocument(Stream buffer, BoundedText text, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true);
        var entry = zip.GetEntry("content.xml") ?? throw new InvalidDataException("No content.xml.");
        using var inflated = entry.Open();
        using var limited = new LengthLimitedStream(inflated, _options.MaxUncompressedBytes);
        using var reader = XmlReader.Create(limited, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        });

        var inParagraph = 0;
        var pages = 0;
        var spreadsheet = false;
        while (!text.IsFull && reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace:
                    text.Append(reader.Value);
                    break;
                case XmlNodeType.Whitespace when inParagraph > 0:
                    text.Append(" ");
                    break;
                case XmlNodeType.Element when reader.NamespaceURI == OdfText:
                    switch (reader.LocalName)
                    {
                        case "p" or "h" when reader.IsEmptyElement:
                            text.EndParagraph();
                            break;
                        case "p" or "h":
                            inParagraph++;
                            break;
                        case "s":
                            text.Append(" ");
                            break;
                        case "tab":
                            text.Append("\t");
                            break;
                        case "line-break":
                            text.Append("\n");
                            break;
                    }

                    break;
                case XmlNodeType.EndElement when reader.NamespaceURI == OdfText && reader.LocalName is "p" or "h":
                    inParagraph = Math.Max(0, inParagraph - 1);
                    text.EndParagraph();
                    cancellationToken.ThrowIfCancellationRequested();
                    break;
                case XmlNodeType.Element when reader.NamespaceURI == OdfOffice && reader.LocalName == "spreadsheet":
                    spreadsheet = true;
                    break;
                case XmlNodeType.Element when IsPage(reader, spreadsheet):
                    cancellationToken.ThrowIfCancellationRequested();
                    if (++pages > _options.MaxPages)
                    {
                        return;
                    }

                    text.EndPage();
                    break;
            }
        }
    }

    /// <summary>A slide of a presentation, or a sheet of a spreadsheet (a table directly in office:spreadsheet).</summary>
    /// <remarks>office:document-content &gt; office:body &gt; office:spreadsheet &gt; table:table: a sheet is at depth 3.</remarks>
    private static bool IsPage(XmlReader reader, bool spreadsheet) =>
        (reader.NamespaceURI == OdfDrawing && reader.LocalName == "page")
        || (spreadsheet && reader.NamespaceURI == OdfTable && reader.LocalName == "table" && reader.Depth == 3);

    private static void ReadPlainText(MemoryStream buffer, BoundedText text, CancellationToken cancellationToken)
    {
        try
        {
            ReadPlainText(buffer, new UTF8Encoding(false, throwOnInvalidBytes: true), text, cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            // Not UTF-8: a CSV saved by Excel on Windows, in the Latin-1 family.
            buffer.Position = 0;
            text.Clear();
            ReadPlainText(buffer, Encoding.Latin1, text, cancellationToken);
        }
    }

    private static void ReadPlainText(Stream buffer, Encoding encoding, BoundedText text, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(buffer, encoding, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var chunk = new char[8192];
        int read;
        while (!text.IsFull && (read = reader.Read(chunk)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            text.Append(new string(chunk, 0, read));
        }
    }

    /// <summary>A limit reached on purpose, with the reason the back-office shows.</summary>
    private sealed class ExtractionRefusedException(string reason) : Exception(reason)
    {
        public string Reason { get; } = reason;
    }

    /// <summary>Inflated bytes are counted as they are read, whatever the archive declared.</summary>
    private sealed class LengthLimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new ExtractionRefusedException(ArchiveTooLarge) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The text being built, which stops growing at the character limit.</summary>
    private sealed class BoundedText(int maxChars)
    {
        private readonly StringBuilder _builder = new();

        public bool IsFull => _builder.Length >= maxChars;

        public void Append(string value)
        {
            var room = maxChars - _builder.Length;
            if (room <= 0 || value.Length == 0)
            {
                return;
            }

            if (value.Length > room)
            {
                // Never keep half of a surrogate pair.
                value = value[..(char.IsHighSurrogate(value[room - 1]) ? room - 1 : room)];
            }

            _builder.Append(value);
        }

        public void EndParagraph()
        {
            if (_builder.Length > 0 && _builder[^1] != '\n')
            {
                Append("\n");
            }
        }

        public void EndPage()
        {
            EndParagraph();
            if (_builder.Length > 1 && _builder[^2] != '\n')
            {
                Append("\n");
            }
        }

        public void Clear() => _builder.Clear();

        public override string ToString() => _builder.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
    }
}
