using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Areas.Admin.Services;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>The editors' back-office for resources. Thin: the services validate, save and build the pages.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin")]
public sealed class ResourcesController(ResourceListService list, ResourceFormService forms, ResourceEditorService editor, ResourceBulkService bulk, DashboardService dashboard, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Home(CancellationToken cancellationToken) => View("Dashboard", await dashboard.BuildAsync(cancellationToken));

    [HttpGet("ressources")]
    public async Task<IActionResult> Index([FromQuery] ResourceListQuery query, CancellationToken cancellationToken) =>
        View(await list.ListAsync(query, cancellationToken: cancellationToken));

    /// <summary>
    /// The list's bulk action form. On the checked rows ("portee=selection") the action runs at once;
    /// on every row the filters match ("portee=filtre") this answers the confirmation page, with the count.
    /// </summary>
    [HttpPost("ressources/lot")]
    public async Task<IActionResult> Bulk([FromForm] BulkActionInput input, [FromForm] ResourceListQuery filters, CancellationToken cancellationToken)
    {
        var onFilter = input.Portee == "filtre";
        List<int> ids = [];
        var selectionError = onFilter ? null : ResourceBulkService.ReadIds(input, out ids);
        var (action, errors) = await bulk.CheckAsync(input, cancellationToken);
        if (selectionError is not null)
        {
            errors[""] = selectionError;
        }

        if (action is null || errors.Count > 0)
        {
            foreach (var (field, message) in errors)
            {
                ModelState.AddModelError(field, message);
            }

            return View("Index", await list.ListAsync(filters, input, ids, cancellationToken));
        }

        if (onFilter)
        {
            return View("BulkConfirm", await list.BulkConfirmationAsync(action, input, filters, cancellationToken: cancellationToken));
        }

        return BulkDone(action, await bulk.ApplyToSelectionAsync(action, ids, User, cancellationToken), filters);
    }

    /// <summary>Confirms an action on every resource the filters match: they are run again, on the state as it is now.</summary>
    [HttpPost("ressources/lot/confirmer")]
    public async Task<IActionResult> BulkConfirm([FromForm] BulkActionInput input, [FromForm] ResourceListQuery filters, CancellationToken cancellationToken)
    {
        var (action, errors) = await bulk.CheckAsync(input, cancellationToken);
        if (action is null)
        {
            TempData["Error"] = string.Join(" ", errors.Values) + " Rien n'a été changé.";
            return RedirectToAction(nameof(Index), filters.RouteValues(filters.PageNumber));
        }

        var count = await bulk.CountAsync(filters, cancellationToken);
        var countChanged = input.Attendu != count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (count == 0 || count > ResourceBulkService.MaxResources || countChanged)
        {
            var notice = countChanged ? "Le nombre de ressources concernées a changé depuis l'affichage de la confirmation : rien n'a été changé. Vérifiez puis confirmez de nouveau." : null;
            return View(nameof(BulkConfirm), await list.BulkConfirmationAsync(action, input, filters, notice, cancellationToken));
        }

        return BulkDone(action, await bulk.ApplyToFilterAsync(action, filters, User, cancellationToken), filters);
    }

    [HttpGet("ressources/nouvelle")]
    public async Task<IActionResult> Create(CancellationToken cancellationToken) =>
        View("Edit", await forms.FormAsync(null, new ResourceInput { PublishedOn = FrenchDates.Iso(clock.Today()) }, cancellationToken: cancellationToken));

    [HttpPost("ressources/nouvelle")]
    public async Task<IActionResult> Create(ResourceInput input, string? apercu, CancellationToken cancellationToken)
    {
        if (apercu is not null || !ModelState.IsValid)
        {
            return View("Edit", await forms.FormAsync(null, input, preview: apercu is not null, cancellationToken: cancellationToken));
        }

        var result = await editor.CreateAsync(input, User, cancellationToken: cancellationToken);
        if (result.Outcome == SaveOutcome.Saved)
        {
            TempData["Message"] = "Ressource créée (brouillon). Publiez-la quand elle est prête.";
            return RedirectToAction(nameof(Edit), new { id = result.ResourceId });
        }

        AddErrors(result);
        return View("Edit", await forms.FormAsync(null, input, cancellationToken: cancellationToken));
    }

    [HttpGet("ressources/{id:int}/modifier")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var input = await editor.LoadAsync(id, cancellationToken);
        return input is null ? NotFound() : View(await forms.FormAsync(id, input, cancellationToken: cancellationToken));
    }

    [HttpPost("ressources/{id:int}/modifier")]
    public async Task<IActionResult> Edit(int id, ResourceInput input, string? apercu, CancellationToken cancellationToken)
    {
        if (apercu is not null || !ModelState.IsValid)
        {
            var form = await forms.FormAsync(id, input, preview: apercu is not null, cancellationToken: cancellationToken);
            return form is null ? NotFound() : View(form);
        }

        var result = await editor.UpdateAsync(id, input, User, cancellationToken: cancellationToken);
        switch (result.Outcome)
        {
            case SaveOutcome.NotFound:
                return NotFound();
            case SaveOutcome.Saved or SaveOutcome.Unchanged:
                TempData["Message"] = result.Outcome == SaveOutcome.Saved ? "Modifications enregistrées." : "Aucune modification à enregistrer.";
                return RedirectToAction(nameof(Edit), new { id });
            case SaveOutcome.Conflict:
                Response.StatusCode = StatusCodes.Status409Conflict;
                ModelState.Clear();
                return View(await forms.FormAsync(id, input, conflict: result, cancellationToken: cancellationToken));
            default:
                AddErrors(result);
                return View(await forms.FormAsync(id, input, cancellationToken: cancellationToken));
        }
    }

    /// <summary>mode: "publier" (now), "programmer" (date and time, Paris), "depublier" (back to draft).</summary>
    [HttpPost("ressources/{id:int}/publication")]
    public async Task<IActionResult> Publication(int id, PublicationInput input, CancellationToken cancellationToken)
    {
        DateTime? at = null;
        PublicationChange change;
        switch (input.Mode)
        {
            case "publier":
                change = PublicationChange.PublishNow;
                break;
            case "depublier":
                change = PublicationChange.Unpublish;
                break;
            case "programmer" when FrenchDates.TryParseParisMoment(input.Date, input.Heure, out var moment):
                change = PublicationChange.Schedule;
                at = moment;
                break;
            default:
                TempData["Error"] = PublicationRules.ScheduleFormatError;
                return RedirectToAction(nameof(Edit), new { id });
        }

        var result = await editor.SetPublicationAsync(id, change, at, input.Version, User, cancellationToken);
        return Outcome(result, id, input.Mode switch
        {
            "publier" => "Ressource publiée.",
            "depublier" => "Ressource repassée en brouillon.",
            _ => "Publication programmée.",
        }, $"Ressource {PublicationRules.AlreadyDoneLabel(change, plural: false)} : rien n'a changé.");
    }

    [HttpPost("ressources/{id:int}/corbeille")]
    public async Task<IActionResult> Bin(int id, CancellationToken cancellationToken) =>
        Outcome(await editor.MoveToBinAsync(id, User, cancellationToken), id, "Ressource mise à la corbeille. Elle peut être restaurée.");

    [HttpPost("ressources/{id:int}/restaurer")]
    public async Task<IActionResult> Restore(int id, CancellationToken cancellationToken) =>
        Outcome(await editor.RestoreFromBinAsync(id, User, cancellationToken), id, "Ressource restaurée (son état de publication est conservé).");

    [HttpPost("ressources/{id:int}/purger")]
    [Authorize(Policy = Policies.AdminOnly)]
    public async Task<IActionResult> Purge(int id, CancellationToken cancellationToken)
    {
        if (!await editor.PurgeAsync(id, cancellationToken))
        {
            return NotFound();
        }

        TempData["Message"] = "Ressource supprimée définitivement.";
        return RedirectToAction(nameof(Index), new { statut = "corbeille" });
    }

    [HttpGet("ressources/{id:int}/historique")]
    public async Task<IActionResult> History(int id, CancellationToken cancellationToken)
    {
        var model = await forms.HistoryAsync(id, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpGet("ressources/{id:int}/historique/{number:int}")]
    public async Task<IActionResult> Revision(int id, int number, CancellationToken cancellationToken)
    {
        var model = await forms.RevisionAsync(id, number, cancellationToken);
        return model is null ? NotFound() : View(model);
    }

    [HttpPost("ressources/{id:int}/historique/{number:int}/restaurer")]
    public async Task<IActionResult> RestoreRevision(int id, int number, RevisionRestoreInput input, CancellationToken cancellationToken) =>
        Outcome(await editor.RestoreRevisionAsync(id, number, input.Version, User, cancellationToken), id, $"Version {number} restaurée : elle forme une nouvelle version.");

    private IActionResult Outcome(SaveResult result, int id, string success, string unchanged = "Cette version est identique à la version actuelle : rien n'a changé.")
    {
        switch (result.Outcome)
        {
            case SaveOutcome.NotFound:
                return NotFound();
            case SaveOutcome.Conflict:
                TempData["Error"] = $"Un autre enregistrement a eu lieu entre-temps ({string.Join(", ", result.ChangedMeanwhile ?? [])}) : rien n'a été changé. Vérifiez la version actuelle puis recommencez.";
                break;
            case SaveOutcome.Invalid:
                TempData["Error"] = string.Join(" ", result.Errors?.Values ?? []);
                break;
            case SaveOutcome.Unchanged:
                TempData["Message"] = unchanged;
                break;
            default:
                TempData["Message"] = success;
                break;
        }

        return RedirectToAction(nameof(Edit), new { id });
    }

    private RedirectToActionResult BulkDone(BulkAction action, BulkReport report, ResourceListQuery filters)
    {
        if (report.Outcome == BulkOutcome.Applied)
        {
            TempData["Message"] = action.Report(report);
        }
        else
        {
            TempData["Error"] = report.Error;
        }

        return RedirectToAction(nameof(Index), filters.RouteValues(filters.PageNumber));
    }

    private void AddErrors(SaveResult result)
    {
        foreach (var (field, message) in result.Errors ?? new Dictionary<string, string>())
        {
            ModelState.AddModelError(field, message);
        }
    }
}
