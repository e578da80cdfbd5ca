using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Publishing;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>/admin/synonymes: the groups of equivalent search terms.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin/synonymes")]
public sealed class SynonymsController(SynonymsService synonyms) : Controller
{
    private const string ListPath = "/admin/synonymes";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await synonyms.ListAsync(cancellationToken));

    [HttpGet("nouveau")]
    public IActionResult Create() => View("Edit", new SynonymInput());

    [HttpPost("nouveau")]
    public Task<IActionResult> Create(SynonymInput input, CancellationToken cancellationToken) => SaveAsync(null, input, cancellationToken);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var group = await synonyms.FindAsync(id, cancellationToken);
        if (group is null)
        {
            return NotFound();
        }

        ViewData["Id"] = id;
        return View(new SynonymInput { Terms = group.Terms });
    }

    [HttpPost("{id:int}")]
    public Task<IActionResult> Edit(int id, SynonymInput input, CancellationToken cancellationToken) => SaveAsync(id, input, cancellationToken);

    /// <summary>The confirmation page: deleting changes every search, so it takes a second step.</summary>
    [HttpGet("{id:int}/supprimer")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var group = await synonyms.FindAsync(id, cancellationToken);
        return group is null ? NotFound() : View(group);
    }

    [HttpPost("{id:int}/supprimer")]
    [ActionName("Delete")]
    public async Task<IActionResult> DeleteConfirmed(int id, CancellationToken cancellationToken)
    {
        var refusal = await synonyms.DeleteAsync(id, cancellationToken);
        TempData[refusal is null ? "Message" : "Error"] = refusal ?? "Groupe supprimé : le catalogue est réindexé en arrière-plan.";
        return LocalRedirect(ListPath);
    }

    private async Task<IActionResult> SaveAsync(int? id, SynonymInput input, CancellationToken cancellationToken)
    {
        ViewData["Id"] = id;
        if (!ModelState.IsValid)
        {
            return View("Edit", input);
        }

        var errors = await synonyms.SaveAsync(id, input, cancellationToken);
        if (errors.Count == 0)
        {
            TempData["Message"] = "Enregistré : le catalogue est réindexé en arrière-plan, en moins d'une minute.";
            return LocalRedirect(ListPath);
        }

        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        return View("Edit", input);
    }
}
