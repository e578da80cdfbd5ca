using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Areas.Admin.Services;
using RtesResources.Web.Authorization;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>/admin/statistiques: what is read, downloaded and searched in vain (docs/privacy.md).</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin/statistiques")]
public sealed class StatisticsController(StatisticsPageService statistics, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] StatisticsQuery query, CancellationToken cancellationToken) =>
        View(await statistics.GetAsync(query, cancellationToken));

    [HttpGet("export.csv")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> Csv([FromQuery] StatisticsQuery query, CancellationToken cancellationToken) =>
        File(
            await statistics.CsvAsync(query, cancellationToken),
            "text/csv; charset=utf-8",
            $"statistiques-{clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv");
}
