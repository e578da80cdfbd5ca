using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Publishing;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>/admin/intervenants, /admin/thematiques, /admin/types, /admin/collections: one controller, four lists.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.Staff)]
[Route("admin/{list:regex(^(intervenants|thematiques|types|collections)$)}")]
public sealed class TermsController(TermsService terms) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string list, CancellationToken cancellationToken)
    {
        var definition = TermDefinition.ByPath(list)!;
        ViewData["Definition"] = definition;
        return View(await terms.ListAsync(definition.Kind, cancellationToken));
    }

    [HttpGet("nouveau")]
    public IActionResult Create(string list)
    {
        ViewData["Definition"] = TermDefinition.ByPath(list)!;
        return View("Edit", new TermInput());
    }

    [HttpPost("nouveau")]
    public Task<IActionResult> Create(string list, TermInput input, CancellationToken cancellationToken) => SaveAsync(list, null, input, cancellationToken);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(string list, int id, CancellationToken cancellationToken)
    {
        var definition = TermDefinition.ByPath(list)!;
        var input = await terms.LoadAsync(definition.Kind, id, cancellationToken);
        if (input is null)
        {
            return NotFound();
        }

        ViewData["Definition"] = definition;
        ViewData["Id"] = id;
        return View(input);
    }

    [HttpPost("{id:int}")]
    public Task<IActionResult> Edit(string list, int id, TermInput input, CancellationToken cancellationToken) => SaveAsync(list, id, input, cancellationToken);

    [HttpPost("{id:int}/supprimer")]
    public async Task<IActionResult> Delete(string list, int id, CancellationToken cancellationToken)
    {
        var definition = TermDefinition.ByPath(list)!;
        var refusal = await terms.DeleteAsync(definition.Kind, id, cancellationToken);
        TempData[refusal is null ? "Message" : "Error"] = refusal ?? "Supprimé.";
        return LocalRedirect($"/admin/{list}");
    }

    private async Task<IActionResult> SaveAsync(string list, int? id, TermInput input, CancellationToken cancellationToken)
    {
        var definition = TermDefinition.ByPath(list)!;
        ViewData["Definition"] = definition;
        ViewData["Id"] = id;
        if (!ModelState.IsValid)
        {
            return View("Edit", input);
        }

        var errors = await terms.SaveAsync(definition.Kind, id, input, cancellationToken);
        if (errors.Count == 0)
        {
            TempData["Message"] = "Enregistré.";
            return LocalRedirect($"/admin/{list}");
        }

        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError(field, message);
        }

        return View("Edit", input);
    }
}
