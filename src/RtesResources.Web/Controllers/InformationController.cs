using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Models;

namespace RtesResources.Web.Controllers;

/// <summary>The statements every public site owes (accessibility, legal notice, personal data) and the site plan, linked from every footer.</summary>
[AllowAnonymous]
public sealed class InformationController(IOptions<LegalOptions> legal) : Controller
{
    [HttpGet("accessibilite")]
    [AnonymousPageCache]
    public IActionResult Accessibility() => View(new InformationPageViewModel(legal.Value));

    [HttpGet("mentions-legales")]
    [AnonymousPageCache]
    public IActionResult LegalNotice() => View(new InformationPageViewModel(legal.Value));

    [HttpGet("donnees-personnelles")]
    [AnonymousPageCache]
    public IActionResult PersonalData() => View(new InformationPageViewModel(legal.Value));

    /// <summary>Built from the catalogue's terms that have resources the visitor may see, like the home page's entry points.</summary>
    [HttpGet("plan-du-site")]
    [AnonymousPageCache]
    public async Task<IActionResult> SitePlan(
        [FromServices] CatalogueService catalogue,
        [FromServices] PrivateContentAccess access,
        [FromServices] IAuthorizationService authorization,
        CancellationToken cancellationToken)
    {
        var home = await catalogue.GetHomeAsync(await access.CanReadAsync(User), cancellationToken);
        return View(new SitePlanViewModel
        {
            Kinds = home.Kinds,
            Categories = home.Categories,
            Series = home.Series.Where(s => s.Count > 0).Select(s => new FacetOption(s.Slug, s.Name, s.Count, false)).ToList(),
            SignedIn = User.Identity?.IsAuthenticated == true,
            Staff = await authorization.IsStaffAsync(User),
        });
    }
}
