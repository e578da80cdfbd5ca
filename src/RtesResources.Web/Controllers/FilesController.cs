using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Features.Statistics;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Models;

namespace RtesResources.Web.Controllers;

/// <summary>
/// Serves attachments from the file store, deciding on every request: a private file goes only to
/// someone with private access, whatever URL they hold. Anonymous visitors are sent to the login,
/// signed-in people without access get a 403.
/// </summary>
[AllowAnonymous]
[Route("fichiers")]
public sealed class FilesController(AttachmentService attachments, VideoCaptionsService captions, IFileStore store, IAuthorizationService authorization, DownloadCounting counting, ILogger<FilesController> logger) : Controller
{
    /// <summary>An outage of the storage usually lasts minutes: clients and proxies may try again after this.</summary>
    public const int RetryAfterSeconds = 120;

    [HttpGet("{id:guid}/{*name}")]
    [HttpHead("{id:guid}/{*name}")]
    public async Task<IActionResult> Download(Guid id, CancellationToken cancellationToken)
    {
        var attachment = await attachments.FindAsync(id, cancellationToken);
        if (attachment is null)
        {
            return NotFound();
        }

        var (refusal, stream) = await OpenAsync(attachment, attachment.IsPubliclyVisible, attachment.StorageKey, cancellationToken);
        if (stream is null)
        {
            return refusal!;
        }

        // Only files of published resources: staff checking a draft's file are not readers.
        if (attachment.IsPubliclyVisible)
        {
            await counting.CountAsync(HttpContext, attachment.Id, attachment.IsPrivate, cancellationToken);
        }

        // Range requests, If-None-Match / If-Range, and an RFC 6266 Content-Disposition (filename*) are handled by FileStreamResult,
        // from any store's seekable stream; the validators come from the database, so both stores answer alike (ADR-023).
        return File(
            stream,
            attachment.ContentType,
            attachment.FileName,
            new DateTimeOffset(DateTime.SpecifyKind(attachment.CreatedAt, DateTimeKind.Utc)),
            new EntityTagHeaderValue($"\"{attachment.Sha256}\""),
            enableRangeProcessing: true);
    }

    /// <summary>A video's WebVTT captions, under the same rule as its resource's files (ADR-021).</summary>
    [HttpGet("sous-titres/{linkId:int}.vtt")]
    [HttpHead("sous-titres/{linkId:int}.vtt")]
    public async Task<IActionResult> Captions(int linkId, CancellationToken cancellationToken)
    {
        var file = await captions.FindAsync(linkId, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        var (refusal, stream) = await OpenAsync(file, file.IsPubliclyVisible, file.StorageKey, cancellationToken);
        if (stream is null)
        {
            return refusal!;
        }

        return File(
            stream,
            "text/vtt; charset=utf-8",
            $"sous-titres-{file.LinkId}.vtt",
            new DateTimeOffset(DateTime.SpecifyKind(file.UpdatedAt, DateTimeKind.Utc)),
            new EntityTagHeaderValue($"\"{file.Sha256}\""),
            enableRangeProcessing: false);
    }

    /// <summary>
    /// The one rule for every stored file, checked on each request: the stream when the visitor may
    /// have it (with the cache headers it allows), otherwise the refusal.
    /// </summary>
    private async Task<(IActionResult? Refusal, Stream? Content)> OpenAsync(IPrivacyAware file, bool isPubliclyVisible, string storageKey, CancellationToken cancellationToken)
    {
        // A draft's, a scheduled resource's or a binned resource's files exist only for staff (Staff policy, from the database).
        if (!isPubliclyVisible && !await authorization.IsStaffAsync(User))
        {
            return (NotFound(), null);
        }

        var allowed = await authorization.AuthorizeAsync(User, file, ContentOperations.Read);
        if (!allowed.Succeeded)
        {
            return (User.Identity?.IsAuthenticated == true ? Forbid() : Challenge(), null);
        }

        Stream? stream;
        try
        {
            stream = await store.OpenReadAsync(storageKey, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Azure.RequestFailedException)
        {
            // The file exists (the database says so) but its store does not answer: a temporary outage, not a fault of the site.
            logger.StorageUnreachableOnDownload(exception, Request.Path);
            return (StorageUnavailable(), null);
        }

        if (stream is null)
        {
            return (NotFound(), null);
        }

        // Shared caches may keep only what anyone may fetch: a public file of a published resource.
        // A private file, or a file staff fetch of a draft, scheduled or binned resource, stays out of every cache.
        Response.Headers.CacheControl = !file.IsPrivate && isPubliclyVisible ? "public, max-age=3600" : "private, no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        return (null, stream);
    }

    private ViewResult StorageUnavailable()
    {
        Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Response.Headers.CacheControl = "no-store";
        var page = View("Error", new ErrorViewModel(
            StatusCodes.Status503ServiceUnavailable,
            "Fichier momentanément indisponible",
            "Le stockage des fichiers ne répond pas pour le moment. Le fichier n'est pas perdu : réessayez dans quelques minutes."));
        page.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return page;
    }
}
