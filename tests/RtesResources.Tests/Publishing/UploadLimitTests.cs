using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Publishing;

/// <summary>Uploads above the whole request's limit, over real Kestrel: a French message, never a reset connection.</summary>
public class UploadLimitTests
{
    private const long MaxFileBytes = 64 * 1024;

    private static async Task<(KestrelSite Site, HttpClient Editor, int ResourceId)> SetUpAsync()
    {
        var site = new KestrelSite { MaxUploadBytes = MaxFileBytes };
        var client = site.NewClient();
        await site.AddUserAsync("limites@rtes.fr", Roles.Editor);
        using var signIn = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "limites@rtes.fr", ["Password"] = Accounts.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Video).Select(r => r.Id).SingleAsync());
        return (site, client, id);
    }

    private static async Task<MultipartFormDataContent> BodyAsync(HttpClient editor, int id, int bytes)
    {
        var page = await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");
        var token = page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var file = new byte[bytes];
        Encoding.ASCII.GetBytes("%PDF-1.4\n").CopyTo(file, 0);
        return new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "fichiers", "beaucoup-trop-gros.pdf" },
        };
    }

    [Fact]
    public async Task AnUploadAboveTheWholeRequestLimitGetsAFrenchMessage()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            // Ten files of 64 KB and 1 MB of form: the request may carry about 1.6 MB.
            using var body = await BodyAsync(editor, id, 3 * 1024 * 1024);

            using var response = await editor.PostAsync($"/admin/ressources/{id}/fichiers", body);
            var page = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("L'envoi est trop volumineux (3,1 Mo) : au plus 10 fichiers de 0,1 Mo chacun, 1,7 Mo en tout.", page.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
            Assert.Equal(0, await site.WithDbAsync(db => db.Attachments.CountAsync(a => a.FileName == "beaucoup-trop-gros.pdf")));
        }
    }

    [Fact]
    public async Task TheBackgroundUploadIsToldInFrenchToo()
    {
        var (site, editor, id) = await SetUpAsync();
        using (site)
        using (editor)
        {
            using var body = await BodyAsync(editor, id, 3 * 1024 * 1024);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/ressources/{id}/fichiers") { Content = body };
            request.Headers.Add("X-Requested-With", "XMLHttpRequest");

            using var response = await editor.SendAsync(request);
            using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            // The connection was drained, not closed: the same client goes on.
            var page = await editor.GetDocumentAsync(json.RootElement.GetProperty("redirect").GetString()!);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("trop volumineux", json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Contains("trop volumineux", page.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnImportFileAboveFiftyMegabytesGetsAFrenchMessage()
    {
        var (site, editor, _) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var page = await editor.GetDocumentAsync("/admin/import");
            var token = page.QuerySelector("form[data-upload-report] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var body = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("true"), "essai" },
                { new ByteArrayContent(new byte[51 * 1024 * 1024]), "fichier", "catalogue.csv" },
            };

            using var response = await editor.PostAsync("/admin/import", body);
            var after = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("L'envoi est trop volumineux (51,1 Mo) : au plus 50 Mo.", after.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
        }
    }
}
