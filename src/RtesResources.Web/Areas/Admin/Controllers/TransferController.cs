using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Publishing;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>Import (dry run, then all or nothing) and export of the catalogue, in the format of docs/import.md.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin")]
public sealed class TransferController(CatalogueImport import, CatalogueExport export, TimeProvider clock) : Controller
{
    public const long MaxImportBytes = 50L * 1024 * 1024;

    [HttpGet("import")]
    public IActionResult Import() => View(model: null);

    [HttpPost("import")]
    [UploadLimits(MaxBytes = MaxImportBytes, ReturnTo = "/admin/import")]
    public async Task<IActionResult> Import(ImportInput input, CancellationToken cancellationToken)
    {
        var fichier = input.Fichier;
        var format = fichier is null ? null : CatalogueFile.FormatOf(fichier.FileName);
        if (fichier is null || fichier.Length == 0 || format is null)
        {
            ModelState.AddModelError(InputNames.Of<ImportInput>(nameof(ImportInput.Fichier)), "Choisissez un fichier .csv ou .jsonl (JSON Lines).");
            return View(model: null);
        }

        await using var stream = fichier.OpenReadStream();
        var report = await import.ImportAsync(stream, format.Value, input.Essai, User, cancellationToken);
        return View(report);
    }

    [HttpGet("export.csv")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> ExportCsv(CancellationToken cancellationToken) =>
        File(await export.ExportAsync(TransferFormat.Csv, cancellationToken), "text/csv; charset=utf-8", $"ressources-{FrenchDates.Iso(clock.Today())}.csv");

    [HttpGet("export.jsonl")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> ExportJsonLines(CancellationToken cancellationToken) =>
        File(await export.ExportAsync(TransferFormat.JsonLines, cancellationToken), "application/x-ndjson; charset=utf-8", $"ressources-{FrenchDates.Iso(clock.Today())}.jsonl");
}
