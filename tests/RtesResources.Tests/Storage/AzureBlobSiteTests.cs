using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Storage;

/// <summary>The site with Storage:Provider=AzureBlob on Azurite, its demo data's files seeded into the container.</summary>
public sealed class AzureBlobSiteFixture : IAsyncLifetime, IDisposable
{
    private AzuriteServer? _azurite;
    private AzureBlobSite? _site;

    public AzureBlobSite Site => _site ?? throw new InvalidOperationException("Not started.");

    public HttpClient Editor { get; private set; } = null!;

    public HttpClient Member { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (AzuriteServer.SkipReason is not null)
        {
            // Every test of the class is skipped here: nothing to start.
            return;
        }

        _azurite = await AzuriteServer.StartAsync();
        _site = new AzureBlobSite(_azurite);
        await _site.AddCollectivityAsync("Ville Adhérente", new DateOnly(2099, 12, 31));
        await _site.AddUserAsync("membre@ville-adherente.fr", Roles.Member, "Ville Adhérente");
        await _site.AddUserAsync("fichiers@rtes.fr", Roles.Editor);
        Member = await _site.SignedInClientAsync("membre@ville-adherente.fr");
        Editor = await _site.SignedInClientAsync("fichiers@rtes.fr");
    }

    public void Dispose()
    {
        Editor?.Dispose();
        Member?.Dispose();
        _site?.Dispose();
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

/// <summary>
/// Attachments served from Azure Blob Storage as from the local folder: the same upload, ranges,
/// validators, caching rules and access checks (the local store's are in FileDownloadTests).
/// </summary>
public sealed class AzureBlobSiteTests(AzureBlobSiteFixture fixture) : IClassFixture<AzureBlobSiteFixture>
{
    // A PDF to the sniffer, with bytes that differ at every position so that a wrong range shows. Each
    // test's file has its own bytes: the same bytes twice on one resource are refused as a duplicate.
    private static byte[] Pdf(string name) => Encoding.ASCII.GetBytes("%PDF-1.4\n% " + string.Concat(Enumerable.Range(0, 40).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture))) + "\n% " + name + "\n%%EOF\n");

    private AzureBlobSite Site => fixture.Site;

    [AzuriteFact]
    public async Task AFileUploadedInTheBackOfficeIsKeptInTheContainerAndDownloadsWithItsValidators()
    {
        var (url, key, sha) = await UploadToVideoAsync("rapport-blob.pdf");
        using var anonymous = Site.CreateClient();

        using var response = await anonymous.GetAsync(url);

        Assert.True(await Site.Azurite.Container(Site.ContainerName).GetBlobClient(key[..2] + "/" + key).ExistsAsync());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Pdf("rapport-blob.pdf"), await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{sha}\"", response.Headers.ETag?.Tag);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var createdAt = await Site.WithDbAsync(db => db.Attachments.Where(a => a.StorageKey == key).Select(a => a.CreatedAt).SingleAsync());
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc)).ToUnixTimeSeconds(), response.Content.Headers.LastModified?.ToUnixTimeSeconds());
    }

    [AzuriteFact]
    public async Task ARangeRequestGetsThoseBytesOnly()
    {
        var (url, _, _) = await UploadToVideoAsync("plage.pdf");
        using var anonymous = Site.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Range = new RangeHeaderValue(10, 19);

        using var response = await anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(Pdf("plage.pdf")[10..20], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(10, response.Content.Headers.ContentRange?.From);
        Assert.Equal(19, response.Content.Headers.ContentRange?.To);
        Assert.Equal(Pdf("plage.pdf").Length, response.Content.Headers.ContentRange?.Length);
    }

    [AzuriteFact]
    public async Task TheFilesETagAnswers304AndAStaleIfRangeGetsTheWholeFile()
    {
        var (url, _, sha) = await UploadToVideoAsync("etiquette.pdf");
        using var anonymous = Site.CreateClient();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        using var staleRange = new HttpRequestMessage(HttpMethod.Get, url);
        staleRange.Headers.Range = new RangeHeaderValue(10, 19);
        staleRange.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"autre\""));

        using var notModified = await anonymous.SendAsync(conditional);
        using var whole = await anonymous.SendAsync(staleRange);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(Pdf("etiquette.pdf"), await whole.Content.ReadAsByteArrayAsync());
    }

    [AzuriteFact]
    public async Task APrivateFileIsRefusedToAnonymousVisitorsAndServedToAMember()
    {
        var (url, key) = await Site.WithDbAsync(async db =>
        {
            var a = await db.Attachments.Where(x => x.Resource.Slug == DemoSlugs.PrivateNewElected).OrderBy(x => x.Position).FirstAsync();
            return ($"/fichiers/{a.Id}/{Uri.EscapeDataString(a.FileName)}", a.StorageKey);
        });
        using var anonymous = Site.CreateClient(new() { AllowAutoRedirect = false });
        var blob = Site.Azurite.Container(Site.ContainerName).GetBlobClient(key[..2] + "/" + key);
        var stored = (await blob.DownloadContentAsync()).Value.Content.ToArray();

        using var refused = await anonymous.GetAsync(url);
        using var served = await fixture.Member.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/compte/connexion", new Uri(new Uri("http://localhost"), refused.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.True(served.Headers.CacheControl?.Private);
        Assert.True(served.Headers.CacheControl?.NoStore);
        Assert.NotEmpty(stored);
        Assert.Equal(stored, await served.Content.ReadAsByteArrayAsync());
    }

    [AzuriteFact]
    public async Task ADuplicateUploadLeavesNoSecondBlobBehind()
    {
        await UploadToVideoAsync("original.pdf");
        var container = Site.Azurite.Container(Site.ContainerName);
        var before = await BlobCountAsync(container);

        // The same bytes again on the same resource: stored, found to be a twin, deleted from the container.
        await UploadToVideoAsync("copie.pdf", Pdf("original.pdf"), expectStored: false);

        Assert.Equal(before, await BlobCountAsync(container));
    }

    private static async Task<int> BlobCountAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions()))
        {
            count++;
        }

        return count;
    }

    [AzuriteFact]
    public async Task TheSiteIsReadyWithItsContainer()
    {
        using var client = Site.CreateClient();

        using var response = await client.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<(string Url, string Key, string Sha)> UploadToVideoAsync(string fileName, byte[]? bytes = null, bool expectStored = true)
    {
        bytes ??= Pdf(fileName);
        var id = await Site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Video).Select(r => r.Id).SingleAsync());
        var page = await fixture.Editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");
        var token = page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "fichiers", fileName } };
        using var response = await fixture.Editor.PostAsync($"/admin/ressources/{id}/fichiers", content);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await Site.WithDbAsync(async db =>
        {
            var a = await db.Attachments.SingleOrDefaultAsync(x => x.ResourceId == id && x.FileName == fileName);
            Assert.Equal(expectStored, a is not null);
            if (a is null)
            {
                return ("", "", "");
            }

            return ($"/fichiers/{a.Id}/{Uri.EscapeDataString(a.FileName)}", a.StorageKey, a.Sha256);
        });
    }
}

/// <summary>Readiness follows the blob service: an instance whose storage stopped answering leaves the rotation.</summary>
public sealed class AzureBlobReadinessTests
{
    [AzuriteFact]
    public async Task TheSiteIsNotReadyWhileAzuriteIsStopped()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        using var site = new AzureBlobSite(azurite) { SeedDemoData = false };
        using var client = site.CreateClient();
        using (var ready = await client.GetAsync("/healthz/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await azurite.StopAsync();

        using var unready = await client.GetAsync("/healthz/ready");
        using var live = await client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
