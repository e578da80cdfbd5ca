using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Web.Controllers;

[AllowAnonymous]
public sealed class HomeController(CatalogueService catalogue, PrivateContentAccess access) : Controller
{
    [HttpGet("/")]
    [AnonymousPageCache]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var model = await catalogue.GetHomeAsync(await access.CanReadAsync(User), cancellationToken);
        return View(model);
    }
}
