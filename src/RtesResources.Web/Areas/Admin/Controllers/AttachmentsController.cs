using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>A resource's files in the back-office. Every action ends on the resource's edit page with a message.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin/ressources/{id:int}/fichiers")]
public sealed class AttachmentsController(AttachmentEditorService files, IOptions<UploadOptions> options) : Controller
{
    /// <summary>The body limits come from configuration (UploadLimits), set before antiforgery reads the form.</summary>
    [HttpPost("")]
    [UploadLimits(ReturnTo = "/admin/ressources/{id}/modifier#titre-fichiers")]
    public async Task<IActionResult> Upload(int id, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        IReadOnlyList<IFormFile> received;
        try
        {
            received = (await Request.ReadFormAsync(cancellationToken)).Files.GetFiles(InputNames.Of<AttachmentUploadInput>(nameof(AttachmentUploadInput.Fichiers)));
        }
        catch (Exception exception) when (exception is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Done(id, null, [$"L'envoi est trop volumineux ou incomplet : {UploadLimitsAttribute.Describe(settings)}."]);
        }

        var report = await files.UploadAsync(id, [.. received.Select(f => new UploadedFile(f.FileName, f.Length, f.OpenReadStream))], cancellationToken);
        if (report is null)
        {
            return NotFound();
        }

        return Done(id, report.Added.Count == 0 ? null : $"Fichier(s) ajouté(s) : {string.Join(" ; ", report.Added)}.", report.Refused);
    }

    [HttpPost("{fileId:guid}/libelle")]
    public async Task<IActionResult> Rename(int id, Guid fileId, AttachmentLabelInput input, CancellationToken cancellationToken)
    {
        var error = await files.RenameAsync(id, fileId, input.Label, cancellationToken);
        return Done(id, error is null ? "Libellé enregistré." : null, error is null ? [] : [error]);
    }

    [HttpPost("{fileId:guid}/monter")]
    public async Task<IActionResult> MoveUp(int id, Guid fileId, CancellationToken cancellationToken)
    {
        await files.MoveAsync(id, fileId, -1, cancellationToken);
        return Done(id, "Ordre des fichiers enregistré.", []);
    }

    [HttpPost("{fileId:guid}/descendre")]
    public async Task<IActionResult> MoveDown(int id, Guid fileId, CancellationToken cancellationToken)
    {
        await files.MoveAsync(id, fileId, +1, cancellationToken);
        return Done(id, "Ordre des fichiers enregistré.", []);
    }

    [HttpPost("{fileId:guid}/retirer")]
    public async Task<IActionResult> Remove(int id, Guid fileId, CancellationToken cancellationToken) =>
        await files.SetRemovedAsync(id, fileId, removed: true, cancellationToken)
            ? Done(id, "Fichier retiré : il n'est plus proposé, et peut être remis en place.", [])
            : NotFound();

    [HttpPost("{fileId:guid}/remettre")]
    public async Task<IActionResult> Restore(int id, Guid fileId, CancellationToken cancellationToken) =>
        await files.SetRemovedAsync(id, fileId, removed: false, cancellationToken)
            ? Done(id, "Fichier remis en place.", [])
            : NotFound();

    private IActionResult Done(int id, string? message, IReadOnlyList<string> errors)
    {
        if (message is not null)
        {
            TempData["Message"] = message;
        }

        if (errors.Count > 0)
        {
            TempData["Error"] = string.Join(" ", errors);
        }

        var target = $"/admin/ressources/{id}/modifier#titre-fichiers";
        // The upload script posts in the background to show progress: it is told where to go next.
        return Request.Headers.XRequestedWith == "XMLHttpRequest" ? Json(new { redirect = target }) : LocalRedirect(target);
    }
}
