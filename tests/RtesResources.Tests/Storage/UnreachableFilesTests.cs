using System.Net;
using Azure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Files;

namespace RtesResources.Tests.Storage;

/// <summary>
/// A download while the file store does not answer (a shared volume gone, Azure Storage down): a
/// French page with 503 and Retry-After, a warning in the log, never a 500; and the files again once
/// the store is back.
/// </summary>
public sealed class UnreachableFilesTests : IDisposable
{
    private readonly RtesWebFactory _site = new();
    private readonly WebApplicationFactory<Program> _app;
    private readonly FailingFiles _files = new();

    public UnreachableFilesTests()
    {
        _app = _site.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            var store = services.Single(d => d.ServiceType == typeof(IFileStore));
            services.RemoveAll<IFileStore>();
            services.AddSingleton<IFileStore>(sp => _files.Around(
                (IFileStore)(store.ImplementationFactory?.Invoke(sp) ?? ActivatorUtilities.CreateInstance(sp, store.ImplementationType!))));
        }));
    }

    [Fact]
    public async Task ADownloadWhileTheStoreIsUnreachableIsA503InFrenchWithRetryAfter()
    {
        using var client = _app.CreateClient();
        var (attachmentUrl, captionsUrl) = await UrlsAsync();
        using (var before = await client.GetAsync(attachmentUrl))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        Exception[] outages =
        [
            new IOException("Stale file handle"),
            new RequestFailedException(0, "Connection refused (127.0.0.1:10000)"),
            new RequestFailedException(503, "The server is busy."),
        ];
        foreach (var outage in outages)
        {
            _files.Failure = outage;
            foreach (var url in new[] { attachmentUrl, captionsUrl })
            {
                using var response = await client.GetAsync(url);
                var page = Html.Parse(await response.Content.ReadAsStringAsync());

                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
                Assert.True(response.Headers.CacheControl?.NoStore);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Equal("Fichier momentanément indisponible", page.QuerySelector("h1")?.TextContent);
                Assert.Contains("réessayez dans quelques minutes", page.MainText(), StringComparison.Ordinal);
            }
        }

        _files.Failure = null;
        using (var after = await client.GetAsync(attachmentUrl))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        // The request log's level for a 503 (a warning, not an error) is RequestLogLevelTests'.
    }

    public void Dispose()
    {
        _app.Dispose();
        _site.Dispose();
    }

    private async Task<(string Attachment, string Captions)> UrlsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var attachment = await db.Attachments.Where(a => a.Resource.Slug == DemoSlugs.Fiche3).OrderBy(a => a.Position).FirstAsync();
        var resource = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
        var link = new ResourceLink
        {
            Kind = LinkKind.Video,
            Label = "La vidéo",
            Url = "https://vimeo.com/76979871",
            Position = 99,
            CaptionsStorageKey = StorageKeys.New(),
            CaptionsSha256 = new string('0', 64),
            CaptionsLength = 10,
            CaptionsUpdatedAt = DateTime.UtcNow,
        };
        resource.Links.Add(link);
        await db.SaveChangesAsync();
        return ($"/fichiers/{attachment.Id}/{Uri.EscapeDataString(attachment.FileName)}", VideoCaptionsService.UrlOf(link.Id));
    }

    /// <summary>The site's own store, whose reads fail with <see cref="Failure"/> while it is set.</summary>
    private sealed class FailingFiles
    {
        public Exception? Failure { get; set; }

        public IFileStore Around(IFileStore inner) => new Store(inner, this);

        private sealed class Store(IFileStore inner, FailingFiles owner) : IFileStore
        {
            public Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default) => inner.SaveAsync(content, cancellationToken);

            public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default) =>
                owner.Failure is { } failure ? Task.FromException<Stream?>(failure) : inner.OpenReadAsync(storageKey, cancellationToken);

            public Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default) => inner.DeleteAsync(storageKey, cancellationToken);

            public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default) => Task.FromResult(owner.Failure is null);
        }
    }
}
