using System.ComponentModel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Api;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Controllers;

/// <summary>
/// The read-only JSON API (docs/api.md): open to anonymous callers, to every origin without
/// credentials, rate limited. Private fields follow the same access rule as the HTML pages, and only
/// for a cookie sent from the site's own origin.
/// </summary>
[ApiController]
[AllowAnonymous]
[Route("api/v1")]
[EnableCors(Policy)]
[EnableRateLimiting(Policy)]
[Produces("application/json")]
public sealed class ApiController(ApiService api, PrivateContentAccess access, PublicAddress address) : ControllerBase
{
    public const string Policy = "api";

    [HttpGet("ressources")]
    [HttpHead("ressources")]
    [EndpointSummary("Lister et chercher les ressources")]
    [EndpointDescription("Les filtres, la recherche, le tri et la pagination du catalogue (/ressources), 20 ressources par page. Une valeur inconnue ou invalide est refusée (400) au lieu d'être ignorée.")]
    [ProducesResponseType<ApiResourcePage>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public async Task<IActionResult> Resources(
        [FromQuery(Name = "q"), Description("Mots cherchés (200 caractères au plus) ; « expression exacte » entre guillemets et -mot exclu.")] string? q,
        [FromQuery(Name = "type"), Description("Type de ressource (identifiant, voir /api/v1/types).")] string? type,
        [FromQuery(Name = "thematique"), Description("Thématique (identifiant, voir /api/v1/thematiques).")] string? thematique,
        [FromQuery(Name = "annee"), Description("Année de publication.")] string? annee,
        [FromQuery(Name = "acces"), Description("« public » ou « adherents ».")] string? acces,
        [FromQuery(Name = "intervenant"), Description("Intervenant·e (identifiant, voir /api/v1/intervenants).")] string? intervenant,
        [FromQuery(Name = "serie"), Description("Collection (identifiant, voir /api/v1/collections).")] string? serie,
        [FromQuery(Name = "page"), Description("Numéro de page, de 1 à 500.")] string? page,
        [FromQuery(Name = "tri"), Description("« pertinence » (par défaut pour une recherche) ou « date ».")] string? tri,
        CancellationToken cancellationToken)
    {
        var query = new CatalogueQuery { Q = q, Type = type, Thematique = thematique, Annee = annee, Acces = acces, Intervenant = intervenant, Serie = serie, Page = page, Tri = tri };
        var canRead = await CanReadPrivateAsync();
        var answer = await api.ListAsync(query, canRead, address.BaseUrl(Request), cancellationToken);
        return answer.Problem is { } problem ? ApiJsonResult.Problem(HttpContext, problem) : new ApiJsonResult(answer.Value!, canRead);
    }

    [HttpGet("ressources/{slug}")]
    [HttpHead("ressources/{slug}")]
    [EndpointSummary("Une ressource")]
    [EndpointDescription("Une ressource publiée. Pour une ressource réservée aux adhérentes, le contenu, les liens et les fichiers ne sont donnés qu'à une personne connectée y ayant accès, depuis le site lui-même. Une ancienne adresse redirige (301) vers l'actuelle.")]
    [ProducesResponseType<ApiResource>(StatusCodes.Status200OK)]
    [ProducesResponseType(StatusCodes.Status301MovedPermanently)]
    [ProducesResponseType(StatusCodes.Status304NotModified)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status429TooManyRequests, "application/problem+json")]
    public async Task<IActionResult> Resource([Description("Identifiant de la ressource.")] string slug, CancellationToken cancellationToken)
    {
        var canRead = await CanReadPrivateAsync();
        var answer = await api.GetAsync(slug, canRead, address.BaseUrl(Request), cancellationToken);
        if (answer.MovedTo is string moved)
        {
            return RedirectPermanent(moved);
        }

        return answer.Problem is { } problem ? ApiJsonResult.Problem(HttpContext, problem) : new ApiJsonResult(answer.Value!, canRead && answer.Value!.IsPrivate);
    }

    [HttpGet("thematiques")]
    [HttpHead("thematiques")]
    [EndpointSummary("Les thématiques")]
    [ProducesResponseType<IReadOnlyList<ApiTerm>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Categories(CancellationToken cancellationToken) =>
        new ApiJsonResult(await api.CategoriesAsync(address.BaseUrl(Request), cancellationToken), privateAccess: false);

    [HttpGet("types")]
    [HttpHead("types")]
    [EndpointSummary("Les types de ressource")]
    [ProducesResponseType<IReadOnlyList<ApiTerm>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Kinds(CancellationToken cancellationToken) =>
        new ApiJsonResult(await api.KindsAsync(address.BaseUrl(Request), cancellationToken), privateAccess: false);

    [HttpGet("collections")]
    [HttpHead("collections")]
    [EndpointSummary("Les collections")]
    [ProducesResponseType<IReadOnlyList<ApiTerm>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Series(CancellationToken cancellationToken) =>
        new ApiJsonResult(await api.SeriesAsync(address.BaseUrl(Request), cancellationToken), privateAccess: false);

    [HttpGet("intervenants")]
    [HttpHead("intervenants")]
    [EndpointSummary("Les intervenant·es")]
    [EndpointDescription("Les intervenant·es d'au moins une ressource publiée.")]
    [ProducesResponseType<IReadOnlyList<ApiSpeaker>>(StatusCodes.Status200OK)]
    public async Task<IActionResult> Speakers(CancellationToken cancellationToken) =>
        new ApiJsonResult(await api.SpeakersAsync(address.BaseUrl(Request), cancellationToken), privateAccess: false);

    /// <summary>Any other address under the API: a problem+json 404, not the HTML error page.</summary>
    [HttpGet("{**rest}", Order = int.MaxValue)]
    [ApiExplorerSettings(IgnoreApi = true)]
    public IActionResult Unknown(string rest) =>
        ApiJsonResult.Problem(HttpContext, new ApiProblem(StatusCodes.Status404NotFound, "Adresse inconnue", $"L'API ne connaît pas « {ApiJsonResult.Shorten(rest, 100)} » ; voir {ApiService.Prefix}/openapi.json."));

    /// <summary>The API only reads: another method on any of its addresses is a problem+json 405 naming those it takes.</summary>
    [AcceptVerbs("POST", "PUT", "PATCH", "DELETE", Route = "{**rest}", Order = int.MaxValue)]
    // It changes nothing: a write answers 405, not the antiforgery filter's 400, token or not.
    [IgnoreAntiforgeryToken]
    // Without CORS: another origin's preflight for a write is still refused, as when no endpoint took it.
    [DisableCors]
    [ApiExplorerSettings(IgnoreApi = true)]
    public IActionResult NotAllowed()
    {
        Response.Headers.Allow = "GET, HEAD";
        return ApiJsonResult.Problem(HttpContext, ApiProblems.For(StatusCodes.Status405MethodNotAllowed));
    }

    private async Task<bool> CanReadPrivateAsync() =>
        ApiCallers.IsSameOrigin(Request, address.BaseUrl(Request)) && await access.CanReadAsync(User);
}
