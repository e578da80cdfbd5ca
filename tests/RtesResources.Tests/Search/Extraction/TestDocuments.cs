using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;
using Drawing = DocumentFormat.OpenXml.Drawing;
using Presentation = DocumentFormat.OpenXml.Presentation;
using Spreadsheet = DocumentFormat.OpenXml.Spreadsheet;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace RtesResources.Tests.Search.Extraction;

/// <summary>Real documents written by the libraries that produce them (PdfPig, the Open XML SDK, a zip for OpenDocument).</summary>
public static class TestDocuments
{
    public const string Ess = "économie sociale et solidaire";

    // PdfPig's Standard 14 fonts cannot write French (no "à", and "é" under a StandardEncoding that lacks it):
    // a TrueType font gets a ToUnicode map, as in PDFs exported by office suites. DejaVu comes with fontconfig on Debian.
    private static readonly Lazy<byte[]> Font = new(() =>
    {
        string[] candidates = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"];
        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("PDF tests need a TrueType font: apt-get install -y fonts-dejavu-core");
        return File.ReadAllBytes(path);
    });

    /// <summary>One PDF page per text.</summary>
    public static byte[] Pdf(params string[] pages)
    {
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddTrueTypeFont(Font.Value);
        foreach (var text in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText(text, 12, new PdfPoint(50, 700), font);
        }

        return builder.Build();
    }

    public static byte[] Docx(params string[] paragraphs)
    {
        using var memory = new MemoryStream();
        using (var document = WordprocessingDocument.Create(memory, WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new Word.Document(
                new Word.Body(paragraphs.Select(p => new Word.Paragraph(new Word.Run(new Word.Text(p) { Space = SpaceProcessingModeValues.Preserve })))));
        }

        return memory.ToArray();
    }

    public static byte[] Pptx(params string[] slides)
    {
        using var memory = new MemoryStream();
        using (var document = PresentationDocument.Create(memory, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new Presentation.Presentation();
            var list = new Presentation.SlideIdList();
            uint id = 256;
            foreach (var text in slides)
            {
                var slide = presentation.AddNewPart<SlidePart>();
                slide.Slide = new Presentation.Slide(new Presentation.CommonSlideData(new Presentation.ShapeTree(
                    new Presentation.Shape(new Presentation.TextBody(
                        new Drawing.BodyProperties(),
                        new Drawing.Paragraph(new Drawing.Run(new Drawing.Text(text))))))));
                list.Append(new Presentation.SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide) });
            }

            presentation.Presentation.Append(list);
        }

        return memory.ToArray();
    }

    /// <summary>One sheet "Budget": a shared string, a number and an inline string on one row.</summary>
    public static byte[] Xlsx(string shared, string number, string inline)
    {
        using var memory = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(memory, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Spreadsheet.Workbook();
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = new Spreadsheet.SharedStringTable(
                new Spreadsheet.SharedStringItem(new Spreadsheet.Text(shared)));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Spreadsheet.Worksheet(new Spreadsheet.SheetData(new Spreadsheet.Row(
                new Spreadsheet.Cell { DataType = Spreadsheet.CellValues.SharedString, CellValue = new Spreadsheet.CellValue("0") },
                new Spreadsheet.Cell { CellValue = new Spreadsheet.CellValue(number) },
                new Spreadsheet.Cell { DataType = Spreadsheet.CellValues.InlineString, InlineString = new Spreadsheet.InlineString(new Spreadsheet.Text(inline)) })));
            workbook.Workbook.AppendChild(new Spreadsheet.Sheets(new Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Budget" }));
        }

        return memory.ToArray();
    }

    private const string OdfNamespaces =
        "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
        + "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
        + "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
        + "xmlns:draw=\"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0\"";

    /// <summary>An OpenDocument file: the mimetype entry first and stored, then content.xml with the given body.</summary>
    public static byte[] OpenDocument(string mimeType, string body) =>
        Zip(
            ("mimetype", Encoding.ASCII.GetBytes(mimeType), CompressionLevel.NoCompression),
            ("content.xml", Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content {OdfNamespaces} office:version=\"1.3\"><office:body>{body}</office:body></office:document-content>"), CompressionLevel.Optimal));

    public static byte[] Odt(string body) => OpenDocument("application/vnd.oasis.opendocument.text", $"<office:text>{body}</office:text>");

    public static byte[] Ods(string body) => OpenDocument("application/vnd.oasis.opendocument.spreadsheet", $"<office:spreadsheet>{body}</office:spreadsheet>");

    public static byte[] Odp(params string[] slides) => OpenDocument(
        "application/vnd.oasis.opendocument.presentation",
        "<office:presentation>" + string.Concat(slides.Select(s => $"<draw:page><draw:frame><draw:text-box><text:p>{s}</text:p></draw:text-box></draw:frame></draw:page>")) + "</office:presentation>");

    public static byte[] Zip(params (string Name, byte[] Content, CompressionLevel Level)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content, level) in entries)
            {
                using var stream = zip.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }

        return memory.ToArray();
    }

    /// <summary>A zip with the parts that make it look like a document, and one huge entry of spaces that compresses about a thousand to one.</summary>
    public static byte[] ZipBomb(string documentPart, int uncompressedBytes, params (string Name, string Content)[] parts)
    {
        var padding = new byte[uncompressedBytes];
        Array.Fill(padding, (byte)' ');
        return Zip([
            .. parts.Select(p => (p.Name, Encoding.UTF8.GetBytes(p.Content), CompressionLevel.Optimal)),
            (documentPart, padding, CompressionLevel.SmallestSize),
        ]);
    }
}
