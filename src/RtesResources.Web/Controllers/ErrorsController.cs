using System.Globalization;
using RtesResources.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Models;

namespace RtesResources.Web.Controllers;

/// <summary>
/// French error pages, reached by re-execution from the exception handler and the status code pages.
/// Re-execution keeps the original method, so a failed POST arrives here as a POST: this controller
/// changes nothing and must answer it, hence no antiforgery check here. Nor does it bind anything:
/// model binding would read the failed request's form again (a NUL byte, a broken multipart body)
/// and fail a second time, so the status comes from the route alone.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController(ILogger<ErrorsController> logger) : Controller
{
    [Route("erreur")]
    [Route("erreur/{code:int}")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public IActionResult Show()
    {
        int? code = int.TryParse(RouteData.Values["code"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        var exception = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (exception is not null)
        {
            logger.UnhandledException(exception.Error, exception.Path);
        }

        var status = code is >= 400 and <= 599 ? code.Value : StatusCodes.Status500InternalServerError;
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null && exception is null)
        {
            // Someone opened /erreur or /erreur/500 directly: nothing went wrong.
            status = StatusCodes.Status404NotFound;
        }

        Response.StatusCode = status;
        var path = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath ?? exception?.Path;
        if (Features.Api.ApiProblems.IsApiPath(path))
        {
            // An API caller reads JSON: the same French answer as the API's own errors, never a page.
            return Features.Api.ApiJsonResult.Problem(HttpContext, Features.Api.ApiProblems.For(status), path);
        }

        return View("Error", ErrorViewModel.For(status));
    }
}
