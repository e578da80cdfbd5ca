using System.Text;
using Microsoft.Extensions.Options;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Search.Extraction;
using static RtesResources.Tests.Search.Extraction.TestDocuments;

namespace RtesResources.Tests.Search.Extraction;

public class AttachmentTextExtractorTests
{
    private static Task<TextExtractionResult> ExtractAsync(byte[] content, SniffedType type, TextExtractionOptions? options = null) =>
        ExtractAsync(content, type.ContentType, "fichier." + type.Extension, options);

    private static async Task<TextExtractionResult> ExtractAsync(byte[] content, string contentType, string fileName, TextExtractionOptions? options = null)
    {
        var extractor = new AttachmentTextExtractor(Options.Create(options ?? new TextExtractionOptions()));
        using var stream = new MemoryStream(content);
        return await extractor.ExtractAsync(stream, contentType, fileName);
    }

    private static string IndexedText(TextExtractionResult result)
    {
        Assert.True(result.State == TextExtractionState.Indexed, $"{result.State}: {result.Error}");
        return result.Text!;
    }

    [Fact]
    public async Task APdfGivesItsPagesTextInOrderWithFrenchAccents()
    {
        var text = IndexedText(await ExtractAsync(Pdf("L'" + Ess + " au cœur des compétences", "Deuxième page : les élu·es"), FileTypeSniffer.Pdf));

        Assert.Contains("L'" + Ess + " au cœur des compétences", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Deuxième page", StringComparison.Ordinal) > text.IndexOf(Ess, StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task ALongPdfIsReadUpToThePageLimitAndKeepsWhatWasRead()
    {
        var pages = Enumerable.Range(1, 520).Select(i => $"feuillet-{i:D3}").ToArray();

        var text = IndexedText(await ExtractAsync(Pdf(pages), FileTypeSniffer.Pdf));

        Assert.Contains("feuillet-001", text, StringComparison.Ordinal);
        Assert.Contains("feuillet-500", text, StringComparison.Ordinal);
        Assert.DoesNotContain("feuillet-501", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACorruptOrTruncatedPdfFailsAsUnreadable()
    {
        var whole = Pdf(Ess);
        byte[] garbage = [.. "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R"u8, .. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7919 % 251))];

        var truncated = await ExtractAsync(whole[..(whole.Length / 3)], FileTypeSniffer.Pdf);
        var corrupt = await ExtractAsync(garbage, FileTypeSniffer.Pdf);

        Assert.Equal((TextExtractionState.Failed, "fichier PDF illisible"), (truncated.State, truncated.Error));
        Assert.Equal((TextExtractionState.Failed, "fichier PDF illisible"), (corrupt.State, corrupt.Error));
    }

    [Fact]
    public async Task AWordDocumentGivesItsParagraphs()
    {
        var text = IndexedText(await ExtractAsync(Docx("Guide de l'" + Ess, "Les collectivités territoriales agissent."), FileTypeSniffer.Docx));

        Assert.Equal("Guide de l'" + Ess + "\nLes collectivités territoriales agissent.", text);
    }

    [Fact]
    public async Task APresentationGivesItsSlidesInOrderUpToThePageLimit()
    {
        var options = new TextExtractionOptions { MaxPages = 2 };

        var text = IndexedText(await ExtractAsync(Pptx("Diapositive : " + Ess, "Les élus s'engagent", "Diapositive en trop"), FileTypeSniffer.Pptx, options));

        Assert.Equal("Diapositive : " + Ess + "\n\nLes élus s'engagent", text);
    }

    [Fact]
    public async Task ASpreadsheetGivesItsSheetNameSharedStringsNumbersAndInlineStrings()
    {
        var text = IndexedText(await ExtractAsync(Xlsx(Ess, "2024", "Collectivités"), FileTypeSniffer.Xlsx));

        Assert.Equal("Budget\n" + Ess + "\t2024\tCollectivités", text);
    }

    [Fact]
    public async Task AnOpenDocumentTextKeepsParagraphsSpacesTabsAndLineBreaks()
    {
        var odt = Odt("<text:h text:outline-level=\"1\">Économie sociale et solidaire</text:h>"
            + "<text:p>Les collectivités<text:s/>soutiennent<text:tab/>l'ESS.<text:line-break/>Ligne suivante</text:p>"
            + "<text:p/><text:p>Fin du <text:span>document</text:span></text:p>");

        var text = IndexedText(await ExtractAsync(odt, FileTypeSniffer.Odt));

        Assert.Equal("Économie sociale et solidaire\nLes collectivités soutiennent\tl'ESS.\nLigne suivante\nFin du document", text);
    }

    [Fact]
    public async Task AnOpenDocumentSpreadsheetGivesItsCells()
    {
        var ods = Ods("<table:table table:name=\"Feuille1\"><table:table-row>"
            + "<table:table-cell><text:p>Territoire</text:p></table:table-cell><table:table-cell><text:p>Région Nouvelle-Aquitaine</text:p></table:table-cell>"
            + "</table:table-row></table:table>");

        var text = IndexedText(await ExtractAsync(ods, FileTypeSniffer.Ods));

        Assert.Equal("Territoire\nRégion Nouvelle-Aquitaine", text);
    }

    [Fact]
    public async Task AnOpenDocumentPresentationStopsAtThePageLimit()
    {
        var odp = Odp("Première diapositive", "Deuxième diapositive", "Troisième diapositive");

        var text = IndexedText(await ExtractAsync(odp, FileTypeSniffer.Odp, new TextExtractionOptions { MaxPages = 2 }));

        Assert.Equal("Première diapositive\n\nDeuxième diapositive", text);
    }

    [Fact]
    public async Task AZipBombDisguisedAsADocumentIsRefusedUnopened()
    {
        var docx = ZipBomb("word/document.xml", 20 * 1024 * 1024, ("[Content_Types].xml", "<Types/>"));
        var odt = ZipBomb("content.xml", 20 * 1024 * 1024, ("mimetype", "application/vnd.oasis.opendocument.text"));

        var byRatio = await ExtractAsync(docx, FileTypeSniffer.Docx);
        var bySize = await ExtractAsync(odt, FileTypeSniffer.Odt, new TextExtractionOptions { MaxUncompressedBytes = 10 * 1024 * 1024 });

        Assert.True(docx.Length < 100 * 1024, $"the bomb should be small: {docx.Length} bytes");
        Assert.Equal((TextExtractionState.Failed, "archive anormalement compressée"), (byRatio.State, byRatio.Error));
        Assert.Equal((TextExtractionState.Failed, "archive trop volumineuse une fois décompressée"), (bySize.State, bySize.Error));
    }

    [Fact]
    public async Task AFileOverTheInputLimitIsNotRead()
    {
        var pdf = Pdf(Ess);

        var result = await ExtractAsync(pdf, FileTypeSniffer.Pdf, new TextExtractionOptions { MaxInputBytes = pdf.Length - 1 });

        Assert.Equal((TextExtractionState.Failed, "fichier trop volumineux pour en lire le texte"), (result.State, result.Error));
    }

    [Fact]
    public async Task TheTextIsCutAtTheCharacterLimit()
    {
        var text = IndexedText(await ExtractAsync(Docx(Ess, "suite que l'on ne garde pas"), FileTypeSniffer.Docx, new TextExtractionOptions { MaxOutputChars = 12 }));

        Assert.Equal("économie soc", text);
    }

    [Fact]
    public async Task AnExhaustedTimeBudgetFailsWithItsReason()
    {
        // Two hundred pages take far longer than a millisecond; the budget is checked between pages.
        var pages = Enumerable.Range(1, 200).Select(i => $"{Ess} {i}").ToArray();

        var result = await ExtractAsync(Pdf(pages), FileTypeSniffer.Pdf, new TextExtractionOptions { TimeBudget = TimeSpan.FromMilliseconds(1) });

        Assert.Equal((TextExtractionState.Failed, "délai dépassé"), (result.State, result.Error));
    }

    [Fact]
    public async Task PlainTextMarkdownAndCsvAreTakenAsTheyAre()
    {
        var markdown = IndexedText(await ExtractAsync(Encoding.UTF8.GetBytes("# " + Ess + "\n\nUn *guide*."), "text/markdown", "guide.md"));
        var latinCsv = IndexedText(await ExtractAsync(Encoding.Latin1.GetBytes("thème;année\n" + Ess + ";2021"), "text/csv; charset=windows-1252", "export.csv"));

        Assert.Equal("# " + Ess + "\n\nUn *guide*.", markdown);
        Assert.Equal("thème;année\n" + Ess + ";2021", latinCsv);
    }

    [Fact]
    public async Task ImagesAndPagesWithoutTextHaveNoText()
    {
        var image = await ExtractAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], FileTypeSniffer.Png);
        var blank = await ExtractAsync(Pdf(" "), FileTypeSniffer.Pdf);

        Assert.Equal(TextExtractionState.NoText, image.State);
        Assert.Equal(TextExtractionState.NoText, blank.State);
    }
}
