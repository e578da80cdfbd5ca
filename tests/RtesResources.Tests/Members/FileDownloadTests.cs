using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Files;

namespace RtesResources.Tests.Members;

[Collection(DemoSiteTests.Name)]
public class FileDownloadTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    [Fact]
    public async Task PublicFileHasItsTypeNameValidatorsAndNoSniffing()
    {
        var (url, sha) = await FileOfAsync(DemoSlugs.Fiche3);

        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("fiche3.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal($"\"{sha}\"", response.Headers.ETag?.Tag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.True(response.Headers.CacheControl?.Public);
    }

    [Fact]
    public async Task RangeRequestsGetPartialContent()
    {
        var (url, _) = await FileOfAsync(DemoSlugs.Fiche3);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(0, 7);

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal("%PDF-1.4", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, response.Content.Headers.ContentRange?.From);
    }

    [Fact]
    public async Task UnchangedFileAnswers304ToItsETag()
    {
        var (url, sha) = await FileOfAsync(DemoSlugs.Study);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("/fichiers/00000000-0000-0000-0000-000000000000/x.pdf")]
    [InlineData("/fichiers/pas-un-guid/x.pdf")]
    [InlineData("/fichiers/../appsettings.json")]
    [InlineData("/fichiers/")]
    public async Task UnknownFilesAre404(string url)
    {
        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task PublicResourcePageListsItsFilesWithTypeAndSize()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.Fiche3);

        var items = page.QuerySelectorAll(".attachments li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(2, items.Count);
        Assert.Contains("Fiche n°3 (fiche3)", items[0], StringComparison.Ordinal);
        Assert.Contains("PDF,", items[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrivateTeaserSaysHowManyFilesAwaitMembers()
    {
        var page = await _client.GetDocumentAsync("/ressources/" + DemoSlugs.PrivateNewElected);

        Assert.Contains("1 document(s) à télécharger", page.QuerySelector(".members-only")?.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".attachments"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\x\\rapport final.pdf", "rapport final.pdf")]
    [InlineData("a\"b<c>d|e?.pdf", "abcde.pdf")]
    [InlineData("...", "fichier")]
    [InlineData("\u0001\u0002", "fichier")]
    public void FileNamesAreMadeSafe(string name, string expected) =>
        Assert.Equal(expected, AttachmentService.SafeFileName(name));

    private async Task<(string Url, string Sha)> FileOfAsync(string slug) =>
        await site.WithDbAsync(async db =>
        {
            var a = await db.Attachments.Where(x => x.Resource.Slug == slug).OrderBy(x => x.Position).FirstAsync();
            return ($"/fichiers/{a.Id}/{Uri.EscapeDataString(a.FileName)}", a.Sha256);
        });
}
