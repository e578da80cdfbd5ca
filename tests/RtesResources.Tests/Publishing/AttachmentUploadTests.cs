using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Files;

namespace RtesResources.Tests.Publishing;

public class AttachmentUploadTests
{
    private static byte[] Pdf(string text = "fichier") => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {text}\n%%EOF\n");

    private static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return memory.ToArray();
    }

    private static byte[] Docx() => Zip(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<document/>"));

    private static byte[] Odt() => Zip(("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office:document-content/>"));

    private static byte[] Executable() => [.. "MZ"u8.ToArray(), .. new byte[200]];

    private static async Task<(RtesWebFactory Site, HttpClient Editor, int ResourceId)> SetUpAsync(long? maxBytes = null)
    {
        var site = new RtesWebFactory { MaxUploadBytes = maxBytes };
        await site.AddUserAsync("fichiers@rtes.fr", Roles.Editor);
        var editor = await site.SignedInClientAsync("fichiers@rtes.fr");
        var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Video).Select(r => r.Id).SingleAsync());
        return (site, editor, id);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient editor, int id, params (string Name, byte[] Bytes)[] files)
    {
        var page = await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");
        var token = page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (name, bytes) in files)
        {
            content.Add(new ByteArrayContent(bytes), "fichiers", name);
        }

        return await editor.PostAsync($"/admin/ressources/{id}/fichiers", content);
    }

    private static async Task<string> PageTextAsync(HttpClient editor, int id) =>
        (await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier")).MainText();

    [Fact]
    public async Task SeveralFilesAreStoredWithTheTypeTheirContentShows()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            using var response = await UploadAsync(editor, id, ("rapport final.pdf", Pdf()), ("note.docx", Docx()), ("compte-rendu.odt", Odt()), ("mal-nommée.pdf", Png()));
            var text = await PageTextAsync(editor, id);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("Fichier(s) ajouté(s)", text, StringComparison.Ordinal);
            var files = await site.WithDbAsync(db => db.Attachments.Where(a => a.ResourceId == id).OrderBy(a => a.Position).Select(a => new { a.FileName, a.ContentType, a.Label }).ToListAsync());
            Assert.Equal(
                [("rapport final.pdf", "application/pdf"), ("note.docx", FileTypeSniffer.Docx.ContentType), ("compte-rendu.odt", FileTypeSniffer.Odt.ContentType), ("mal-nommée.png", "image/png")],
                files.Select(f => (f.FileName, f.ContentType)));
            Assert.Equal("rapport final", files[0].Label);

            using var anonymous = site.CreateClient();
            var publicPage = await anonymous.GetDocumentAsync("/ressources/" + DemoSlugs.Video);
            var link = publicPage.QuerySelectorAll(".attachments a")[0].GetAttribute("href")!;
            Assert.Equal(Pdf(), await anonymous.GetByteArrayAsync(link));
        }
    }

    [Fact]
    public async Task AnExecutableRenamedPdfIsRefusedAndNothingIsStored()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            using var response = await UploadAsync(editor, id, ("facture.pdf", Executable()), ("archive.docx", Zip(("autre.txt", "x"))));
            var text = await PageTextAsync(editor, id);

            Assert.Contains("« facture.pdf » n'est pas d'un type accepté", text, StringComparison.Ordinal);
            Assert.Contains("« archive.docx » n'est pas d'un type accepté", text, StringComparison.Ordinal);
            Assert.False(await site.WithDbAsync(db => db.Attachments.AnyAsync(a => a.ResourceId == id)));
        }
    }

    [Fact]
    public async Task AFileOverTheConfiguredLimitIsRefusedWithItsSize()
    {
        var (site, editor, id) = await SetUpAsync(maxBytes: 1024);
        using (site)
        using (editor)
        {
            using var response = await UploadAsync(editor, id, ("gros.pdf", [.. Pdf(), .. new byte[3000]]), ("petit.pdf", Pdf()));
            var text = await PageTextAsync(editor, id);

            Assert.Contains("« gros.pdf » pèse 3 Ko", text, StringComparison.Ordinal);
            Assert.Contains("la limite est de 1 Ko par fichier", text, StringComparison.Ordinal);
            Assert.Equal(["petit.pdf"], await site.WithDbAsync(db => db.Attachments.Where(a => a.ResourceId == id).Select(a => a.FileName).ToListAsync()));
        }
    }

    [Fact]
    public async Task TheSameFileIsRecognisedByItsContent()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var otherId = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Departements).Select(r => r.Id).SingleAsync());
            await UploadAsync(editor, id, ("original.pdf", Pdf("même contenu")));
            await UploadAsync(editor, id, ("copie.pdf", Pdf("même contenu")));
            var text = await PageTextAsync(editor, id);
            await UploadAsync(editor, otherId, ("ailleurs.pdf", Pdf("même contenu")));

            Assert.Contains("« copie.pdf » est déjà joint à cette ressource (« original »)", text, StringComparison.Ordinal);
            var keys = await site.WithDbAsync(db => db.Attachments.Where(a => a.ResourceId == id || a.ResourceId == otherId).Select(a => a.StorageKey).ToListAsync());
            Assert.Equal(2, keys.Count);
            Assert.Single(keys.Distinct());
        }
    }

    [Fact]
    public async Task FilesAreRenamedReorderedRemovedAndPutBack()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            await UploadAsync(editor, id, ("a.pdf", Pdf("a")), ("b.pdf", Pdf("b")));
            var ids = await site.WithDbAsync(db => db.Attachments.Where(a => a.ResourceId == id).OrderBy(a => a.Position).Select(a => a.Id).ToListAsync());
            var edit = $"/admin/ressources/{id}/modifier";

            await editor.PostFormAsync(edit, $"/admin/ressources/{id}/fichiers/{ids[1]}/libelle", new() { ["label"] = "Diaporama de la séance" });
            await editor.PostFormAsync(edit, $"/admin/ressources/{id}/fichiers/{ids[1]}/monter", []);
            using var emptyLabel = await editor.PostFormAsync(edit, $"/admin/ressources/{id}/fichiers/{ids[0]}/libelle", new() { ["label"] = " " });
            var afterEmpty = await PageTextAsync(editor, id);
            await editor.PostFormAsync(edit, $"/admin/ressources/{id}/fichiers/{ids[0]}/retirer", []);

            using var anonymous = site.CreateClient();
            var publicPage = await anonymous.GetDocumentAsync("/ressources/" + DemoSlugs.Video);
            using var removedFile = await anonymous.GetAsync($"/fichiers/{ids[0]}/a.pdf");
            Assert.Contains("Le libellé est obligatoire", afterEmpty, StringComparison.Ordinal);
            Assert.Equal(["Diaporama de la séance"], publicPage.QuerySelectorAll(".attachments a").Select(a => a.TextContent));
            Assert.Equal(HttpStatusCode.NotFound, removedFile.StatusCode);

            await editor.PostFormAsync(edit, $"/admin/ressources/{id}/fichiers/{ids[0]}/remettre", []);
            var restored = await anonymous.GetDocumentAsync("/ressources/" + DemoSlugs.Video);
            Assert.Equal(["Diaporama de la séance", "a"], restored.QuerySelectorAll(".attachments a").Select(a => a.TextContent));
        }
    }

    [Fact]
    public async Task BackgroundUploadIsToldWhereToGoNext()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var page = await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");
            var token = page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(Pdf()), "fichiers", "x.pdf" } };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/ressources/{id}/fichiers") { Content = content };
            request.Headers.Add("X-Requested-With", "XMLHttpRequest");

            using var response = await editor.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains($"/admin/ressources/{id}/modifier", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D }, "pdf")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "jpg")]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90 }, null)]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 }, null)]
    [InlineData(new byte[0], null)]
    public void SnifferReadsTheContentNotTheName(byte[] bytes, string? extension)
    {
        using var stream = new MemoryStream(bytes);

        Assert.Equal(extension, FileTypeSniffer.Sniff(stream)?.Extension);
        Assert.Equal(0, stream.Position);
    }
}
