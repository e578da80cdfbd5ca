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
            .HideClientButton();
    }

    /// <summary>
    /// The site's policy with two changes for this page: its inline start-up script by nonce, and inline
    /// styles (the component sets style attributes and elements at run time). connect-src stays 'self'.
    /// </summary>
    public static string PolicyFor(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
}
