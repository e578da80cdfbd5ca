using System.Security.Cryptography;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RtesResources.Web.Infrastructure;
using Scalar.AspNetCore;

namespace RtesResources.Web.Features.Api;

/// <summary>
/// The API's OpenAPI document (French) and its reference page (Scalar). The page loads only the
/// package's own script, served by the site; no font, telemetry or AI service of Scalar's is called.
/// </summary>
public static class ApiReference
{
    public const string Path = ApiService.Prefix + "/reference";

    public static void ConfigureDocument(OpenApiOptions options)
    {
        // Only the API's GET operations: HEAD is the same answer without its body.
        options.ShouldInclude = description =>
            description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true && description.HttpMethod == HttpMethods.Get;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "API des ressources du RTES",
                Version = "v1",
                Description = "Lecture seule du catalogue des ressources du RTES : ressources (filtres, recherche, pagination, tri), une ressource, thématiques, types, collections et intervenant·es. " +
                    "Accessible sans compte, depuis toute origine (CORS, sans cookie) ; limité en nombre de requêtes par minute. " +
                    "Les réponses portent un ETag (If-None-Match donne 304) ; les erreurs sont en application/problem+json. " +
                    "Le contenu, les liens et les fichiers d'une ressource réservée aux adhérentes ne sont donnés qu'aux membres connecté·es, depuis le site lui-même.",
                License = new OpenApiLicense { Name = "Licence de chaque ressource : champ « licence »" },
            };
            return Task.CompletedTask;
        });
    }

    public static void Configure(ScalarOptions options, HttpContext context)
    {
        // A nonce for the page's inline start-up script, and the policy that allows it on this page only (docs/security.md).
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[SecurityHeaders.PolicyItem] = PolicyFor(nonce);
        options
            .WithTitle("API des ressources du RTES – référence")
            .WithOpenApiRoutePattern(ApiService.Prefix + "/openapi.json")
            .WithNonce(nonce)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .HideClientButton()
            // Its toolbar (shown on localhost only) is a <header role="region">, which ARIA does not allow.
            .HideDeveloperTools()
            // The light theme's muted text (#8e8e8e) and its green (#00935d) fall short of 4.5:1 on its
            // backgrounds: darker ones, checked by axe in the page tour. Only the light theme is checked,
            // so it is the one shown.
            .ForceLightMode()
            .HideDarkModeToggle()
            .WithCustomCss(ContrastCss);
    }

    private const string ContrastCss = ".light-mode { --scalar-color-3: #636363; --scalar-color-green: #00704a; }";

    /// <summary>The reference page itself (not its scripts), with or without its final slash.</summary>
    public static bool IsPage(PathString path) =>
        path.Equals(Path, StringComparison.OrdinalIgnoreCase) || path.Equals(Path + "/", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Scalar's page template has no lang attribute, and no option sets one: the page is French
    /// (WCAG 3.1.1, axe's html-has-lang), so its html element gets lang="fr" on the way out.
    /// </summary>
    public static async Task InFrenchAsync(HttpContext context, RequestDelegate next)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            return;
        }

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = System.Text.Encoding.UTF8.GetString(bytes);
            var start = html.IndexOf("<html", StringComparison.OrdinalIgnoreCase);
            if (start >= 0 && html.IndexOf('>', start) is var end and > 0 && !html[start..end].Contains(" lang=", StringComparison.OrdinalIgnoreCase))
            {
                bytes = System.Text.Encoding.UTF8.GetBytes(string.Concat(html.AsSpan(0, start + 5), " lang=\"fr\"", html.AsSpan(start + 5)));
            }
        }

        context.Response.ContentLength = bytes.Length;
        await original.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>
    /// The site's policy with two changes for this page: its inline start-up script by nonce, and inline
    /// styles (the component sets style attributes and elements at run time). connect-src stays 'self'.
    /// </summary>
    public static string PolicyFor(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
