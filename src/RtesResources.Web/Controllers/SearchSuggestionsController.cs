using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Features.Search;

namespace RtesResources.Web.Controllers;

/// <summary>
/// GET /ressources/suggestions?q=TEXT: what the search box suggests as the visitor types. The same for
/// everyone (titles of private resources are public), so shared caches may keep it for a minute.
/// </summary>
[AllowAnonymous]
[Route("ressources/suggestions")]
public sealed class SearchSuggestionsController(SearchSuggestions suggestions) : Controller
{
    [HttpGet("")]
    [ResponseCache(Duration = 60, Location = ResponseCacheLocation.Any)]
    public async Task<IActionResult> Index([FromQuery] string? q, CancellationToken cancellationToken) =>
        Json(await suggestions.SuggestAsync(q, cancellationToken));
}
