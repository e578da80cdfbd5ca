namespace RtesResources.Web.Models;

public sealed record ErrorViewModel(int StatusCode, string Title, string Message)
{
    public static ErrorViewModel For(int statusCode) => statusCode switch
    {
        404 => new(404, "Page introuvable", "La page demandée n'existe pas ou a été déplacée. Vérifiez l'adresse, ou retrouvez la ressource dans le catalogue."),
        400 => new(400, "Requête incorrecte", "La demande n'a pas pu être comprise. Si vous envoyiez un formulaire, rechargez la page et réessayez."),
        403 => new(403, "Accès refusé", "Vous n'avez pas accès à cette page ou à ce document. Les ressources réservées le sont aux collectivités adhérentes à jour de leur adhésion ; « Mon espace » indique l'état de la vôtre."),
        405 => new(405, "Action impossible", "Cette adresse n'accepte pas ce type de demande."),
        429 => new(429, "Trop de demandes", "Vous avez fait trop de demandes en peu de temps. Patientez quelques minutes avant de réessayer."),
        >= 500 => new(statusCode, "Une erreur est survenue", "Le site a rencontré un problème inattendu. L'équipe technique en est informée ; réessayez dans quelques instants."),
        _ => new(statusCode, "Une erreur est survenue", "La demande n'a pas pu aboutir."),
    };
}
