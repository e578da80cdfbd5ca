namespace RtesResources.Web.Features.Api;

/// <summary>
/// The French problem+json answers for errors raised outside the API controller under /api/ (an
/// unknown address, a method the API does not take, a refused or broken request, a failure), so that
/// an API caller never receives an HTML page (docs/api.md).
/// </summary>
public static class ApiProblems
{
    /// <summary>Whether an error of this path is answered as problem+json rather than with a French page.</summary>
    public static bool IsApiPath(string? path) =>
        path is not null && (path.Equals("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase));

    public static ApiProblem For(int status) => status switch
    {
        StatusCodes.Status400BadRequest => new(status, "Requête incorrecte", "La requête est mal formée : vérifiez son adresse, ses paramètres et ses en-têtes."),
        StatusCodes.Status401Unauthorized => new(status, "Connexion nécessaire", "Cette adresse demande d'être connecté·e."),
        StatusCodes.Status403Forbidden => new(status, "Accès refusé", "Votre compte ne donne pas accès à cette adresse."),
        StatusCodes.Status404NotFound => new(status, "Adresse inconnue", $"L'API ne connaît pas cette adresse ; voir {ApiService.Prefix}/openapi.json."),
        StatusCodes.Status405MethodNotAllowed => new(status, "Méthode non acceptée", "L'API est en lecture seule : elle n'accepte que GET et HEAD."),
        StatusCodes.Status413PayloadTooLarge => new(status, "Requête trop volumineuse", "L'API est en lecture seule et n'attend pas de corps de requête."),
        StatusCodes.Status415UnsupportedMediaType => new(status, "Type de contenu non accepté", "L'API est en lecture seule et n'attend pas de corps de requête."),
        >= 500 => new(status, "Erreur du serveur", "Une erreur est survenue de notre côté ; réessayez plus tard. Si elle persiste, écrivez-nous."),
        _ => new(status, "Requête refusée", "La requête n'a pas pu être traitée."),
    };
}
