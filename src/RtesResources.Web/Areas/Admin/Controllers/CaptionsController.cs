using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>The WebVTT captions of a resource's videos, sent from its edit page; every action ends back there.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin/ressources/{id:int}/videos/{linkId:int}/sous-titres")]
public sealed class CaptionsController(VideoCaptionsService captions) : Controller
{
    private const string Back = "/admin/ressources/{id}/modifier#titre-sous-titres";

    /// <summary>A small fixed limit: one captions file, read before antiforgery reads the form.</summary>
    [HttpPost("")]
    [UploadLimits(MaxBytes = VideoCaptionsService.MaxBytes + (64 * 1024), ReturnTo = Back)]
    public async Task<IActionResult> Upload(int id, int linkId, CancellationToken cancellationToken)
    {
        IFormFile? file;
        try
        {
            file = (await Request.ReadFormAsync(cancellationToken)).Files.GetFile(InputNames.Of<CaptionsUploadInput>(nameof(CaptionsUploadInput.SousTitres)));
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Done(id, null, $"L'envoi est trop volumineux ou incomplet : {VideoCaptionsService.MaxBytes / 1024} Ko au plus pour des sous-titres.");
        }

        var error = await captions.UploadAsync(id, linkId, file is null ? null : new UploadedFile(file.FileName, file.Length, file.OpenReadStream), cancellationToken);
        return Done(id, error is null ? "Sous-titres enregistrés." : null, error);
    }

    [HttpPost("retirer")]
    public async Task<IActionResult> Remove(int id, int linkId, CancellationToken cancellationToken) =>
        await captions.RemoveAsync(id, linkId, cancellationToken)
            ? Done(id, "Sous-titres retirés.", null)
            : NotFound();

    private LocalRedirectResult Done(int id, string? message, string? error)
    {
        if (message is not null)
        {
            TempData["Message"] = message;
        }

        if (error is not null)
        {
            TempData["Error"] = error;
        }

        return LocalRedirect(Back.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}
