using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace RtesResources.Web.Features.Api;

/// <summary>
/// Writes an API answer: camelCase JSON (accents as themselves), a strong ETag from the bytes, a 304
/// when the caller already has them, and the cache rule of who asked: shared caches may keep what
/// anybody may read, never what private access showed.
/// </summary>
public sealed class ApiJsonResult(object value, bool privateAccess, int status = StatusCodes.Status200OK, string contentType = "application/json; charset=utf-8") : IActionResult
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Json);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";
        var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value;

        response.Headers.CacheControl = privateAccess ? "private, no-store" : $"public, max-age={options.PublicMaxAgeSeconds}";
        // The same address answers more to a member on the site's own origin than to anyone else.
        response.Headers.Vary = "Cookie, Origin";
        if (status == StatusCodes.Status200OK)
        {
            response.Headers.ETag = etag;
            if (Matches(context.HttpContext.Request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }

        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            await response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>A French problem+json answer (RFC 9457); never cached by shared caches.</summary>
    public static ApiJsonResult Problem(HttpContext context, ApiProblem problem, string? path = null) =>
        new(
            new ProblemDetails { Status = problem.Status, Title = problem.Title, Detail = problem.Detail, Instance = path is null ? InstanceOf(context) : Shorten(path, 200), Type = TypeOf(problem.Status) },
            privateAccess: true,
            problem.Status,
            "application/problem+json; charset=utf-8");

    /// <summary>
    /// The path that was asked for, without its query and cut at 200 characters: an error must not
    /// echo a hostile address of 20,000 characters back to whoever sent it.
    /// </summary>
    internal static string InstanceOf(HttpContext context) => Shorten(context.Request.Path.Value ?? "", 200);

    internal static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    /// <summary>The 429 written by the rate limiter (outside MVC).</summary>
    public static async Task WriteTooManyRequestsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Trop de requêtes",
            Detail = "Trop de requêtes depuis votre adresse : réessayez dans une minute.",
            Instance = InstanceOf(context),
            Type = TypeOf(StatusCodes.Status429TooManyRequests),
        };
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(JsonSerializer.Serialize(problem, Json), cancellationToken);
    }

    private static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        StatusCodes.Status403Forbidden => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        StatusCodes.Status404NotFound => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        StatusCodes.Status405MethodNotAllowed => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        StatusCodes.Status429TooManyRequests => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        >= 500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        _ => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
    };

    // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x"; * matches anything.
    private static bool Matches(Microsoft.Extensions.Primitives.StringValues header, string etag)
    {
        foreach (var line in header)
        {
            foreach (var part in (line ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || tag == etag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
