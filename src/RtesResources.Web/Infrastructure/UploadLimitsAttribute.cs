using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Files;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The request body and multipart limits of an upload, from configuration (Uploads). Like
/// [RequestSizeLimit], it is an authorization filter ordered before antiforgery, which reads the form:
/// set any later and Kestrel's 30 MB default would refuse a legitimate upload first.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UploadLimitsAttribute : Attribute, IAuthorizationFilter, IOrderedFilter
{
    public int Order => -2000;

    public static long LimitFor(UploadOptions options) => (options.MaxFileBytes * options.MaxFilesPerUpload) + (1024 * 1024);

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var limit = LimitFor(context.HttpContext.RequestServices.GetRequiredService<IOptions<UploadOptions>>().Value);
        if (context.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (context.HttpContext.Features.Get<IFormFeature>() is not { Form: not null })
        {
            context.HttpContext.Features.Set<IFormFeature>(new FormFeature(context.HttpContext.Request, new FormOptions { MultipartBodyLengthLimit = limit }));
        }
    }
}
