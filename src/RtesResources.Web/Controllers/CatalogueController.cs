using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Caching;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Statistics;

namespace RtesResources.Web.Controllers;

/// <summary>
/// The public catalogue and resource pages. Anonymous visitors are welcome; what they may see of a
/// private resource is decided by the services from PrivateContentAccess, on every request.
/// </summary>
[AllowAnonymous]
[Route("ressources")]
public sealed class CatalogueController(CatalogueService catalogue, ResourcePageService pages, PrivateContentAccess access, IAuthorizationService authorization) : Controller
{
    [HttpGet("")]
    [AnonymousPageCache]
    [CountsUsage(CountedPage.CatalogueSearch)]
    public async Task<IActionResult> Index([FromQuery] CatalogueQuery query, CancellationToken cancellationToken)
    {
        var filter = CatalogueFilter.Parse(query);

        // The form shows the filter as understood (trimmed, lower case, unknown values dropped): the raw
        // values the binder keeps in ModelState would otherwise win over the model in the fields.
        ModelState.Clear();
        var model = await catalogue.SearchAsync(filter, await access.CanReadAsync(User), cancellationToken);
        if (UsageRecorder.CountedText(model.Filter.SearchTerms) is string searched)
        {
            HttpContext.Items[UsageRecorder.SearchOutcomeItem] = new SearchOutcome(searched, model.TotalCount);
        }

        return View(model);
    }

    [HttpGet("{slug}")]
    [AnonymousPageCache]
    [CountsUsage(CountedPage.ResourceView)]
    public async Task<IActionResult> Detail(string slug, CancellationToken cancellationToken)
    {
        // Staff preview unpublished pages: decided by the Staff policy, from the database.
        var isStaff = await authorization.IsStaffAsync(User);
        var model = await pages.GetAsync(slug, await access.CanReadAsync(User), isStaff, cancellationToken);
        if (model is null)
        {
            var current = await pages.FindCurrentSlugAsync(slug, isStaff, cancellationToken);
            return current is null ? NotFound() : RedirectPermanent(ResourceUrls.Page(current));
        }

        var players = model.Links.Where(l => l.Video is not null).Select(l => l.Video!.EmbedOrigin).ToList();
        if (players.Count > 0)
        {
            HttpContext.Items[Infrastructure.SecurityHeaders.FrameSourcesItem] = players;
        }

        if (model.Status != Domain.PublicationStatus.Published)
        {
            HttpContext.Items[UsageRecorder.NotCountedItem] = true;
            Response.Headers.CacheControl = "private, no-store";
        }

        if (model.IsPrivate)
        {
            // What a private page shows depends on who asks: no shared cache may keep it.
            Response.Headers.CacheControl = "private, no-store";
        }

        return View(model);
    }
}
