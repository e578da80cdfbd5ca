using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Files;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The request body and multipart limits of an upload: from configuration (Uploads), or
/// <see cref="MaxBytes"/> when set. Like [RequestSizeLimit], it is an authorization filter ordered
/// before antiforgery, which reads the form: set any later and Kestrel's 30 MB default would refuse a
/// legitimate upload first.
/// A request that announces a body above the limit (Content-Length) is answered at once, before
/// anything reads it: back to <see cref="ReturnTo"/> with a French message (as JSON for the
/// background upload script). Kestrel's own refusal would be a bare 400 page on a closed connection,
/// which browsers still sending the file show as "connection reset"; here the limit is lifted for
/// that request so that Kestrel reads and drops the rest of the body (for 5 s at most) and the
/// browser gets the answer.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadLimitsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -2000;

    /// <summary>A fixed limit for the whole request, in bytes; 0 (the default) takes it from the Uploads configuration.</summary>
    public long MaxBytes { get; init; }

    /// <summary>Where a refused upload goes back to; "{id}" is replaced by the route's id.</summary>
    public string ReturnTo { get; init; } = "/admin";

    public static long LimitFor(UploadOptions options) => (options.MaxFileBytes * options.MaxFilesPerUpload) + (1024 * 1024);

    /// <summary>"au plus 10 fichiers de 50 Mo chacun (501 Mo en tout)".</summary>
    public static string Describe(UploadOptions options) =>
        string.Create(CultureInfo.InvariantCulture, $"au plus {options.MaxFilesPerUpload} fichiers de {Megabytes(options.MaxFileBytes)} chacun, {Megabytes(LimitFor(options))} en tout");

    public static string Megabytes(long bytes) => string.Create(CultureInfo.GetCultureInfo("fr-FR"), $"{Math.Ceiling(bytes * 10.0 / (1024 * 1024)) / 10:0.#} Mo");

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value;
        var limit = MaxBytes > 0 ? MaxBytes : LimitFor(options);
        var size = http.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (http.Request.ContentLength is long announced && announced > limit)
        {
            if (size is { IsReadOnly: false })
            {
                size.MaxRequestBodySize = null;
            }

            var allowed = MaxBytes > 0 ? $"au plus {Megabytes(MaxBytes)}" : Describe(options);
            var message = $"L'envoi est trop volumineux ({Megabytes(announced)}) : {allowed}. Rien n'a été enregistré.";
            var target = ReturnTo.Replace("{id}", Convert.ToString(context.RouteData.Values["id"], CultureInfo.InvariantCulture), StringComparison.Ordinal);
            // Saved here: a short-circuited authorization filter skips the filter that saves TempData.
            var tempData = http.RequestServices.GetRequiredService<ITempDataDictionaryFactory>().GetTempData(http);
            tempData["Error"] = message;
            tempData.Save();
            context.Result = http.Request.Headers.XRequestedWith == "XMLHttpRequest"
                ? new JsonResult(new { redirect = target, error = message })
                : new LocalRedirectResult(target);
            return;
        }

        if (size is { IsReadOnly: false })
        {
            size.MaxRequestBodySize = limit;
        }

        if (http.Features.Get<IFormFeature>() is not { Form: not null })
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }
    }
}
