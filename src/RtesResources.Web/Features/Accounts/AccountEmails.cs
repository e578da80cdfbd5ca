using Microsoft.Extensions.Options;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Email;

namespace RtesResources.Web.Features.Accounts;

/// <summary>The account e-mails, in French. Links are absolute, built from the request or from Email:PublicBaseUrl.</summary>
public sealed class AccountEmails(IEmailSender sender, IOptions<AccountOptions> accountOptions, IOptions<EmailOptions> emailOptions)
{
    public static string ActivationPath(string token) => "/compte/activer?jeton=" + Uri.EscapeDataString(token);

    public static string ResetPath(string token) => "/compte/reinitialiser?jeton=" + Uri.EscapeDataString(token);

    public string AbsoluteUrl(string path, string? requestBaseUrl)
    {
        // Email:PublicBaseUrl is required outside Development (checked at start-up): the request's own
        // address (X-Forwarded-Host is never trusted, see ReverseProxyOptions) serves in Development only.
        var configured = emailOptions.Value.PublicBaseUrl;
        var baseUrl = !string.IsNullOrWhiteSpace(configured) ? configured : requestBaseUrl ?? "http://localhost:5233";
        return baseUrl.TrimEnd('/') + path;
    }

    public Task SendInvitationAsync(AppUser user, string link, CancellationToken cancellationToken = default) =>
        sender.SendAsync(new EmailMessage(
            user.Email!,
            "Votre accès au centre de ressources du RTES",
            $"""
            Bonjour{(string.IsNullOrEmpty(user.FullName) ? "" : " " + user.FullName)},

            Un compte a été créé pour vous sur le centre de ressources du RTES, avec l'adresse {user.Email}.
            Pour l'activer, choisissez votre mot de passe en suivant ce lien :

            {link}

            Ce lien ne sert qu'une fois et reste valable {(int)accountOptions.Value.InvitationLifetime.TotalHours} heures.
            Si vous n'attendiez pas ce message, ignorez-le : aucun compte ne sera activé sans vous.

            L'équipe du RTES
            """),
            cancellationToken);

    public Task SendAccessRequestRejectedAsync(AccessRequest request, CancellationToken cancellationToken = default) =>
        sender.SendAsync(new EmailMessage(
            request.Email,
            "Votre demande d'accès au centre de ressources du RTES",
            $"""
            Bonjour {request.FullName},

            Votre demande d'accès à l'espace adhérent du centre de ressources du RTES, pour « {request.CollectivityName} », n'a pas été acceptée.
            {(string.IsNullOrWhiteSpace(request.DecisionMessage) ? "" : $"\nMessage de l'équipe du RTES : {request.DecisionMessage}\n")}
            L'espace adhérent est ouvert aux élu·es et agents des collectivités adhérentes du RTES. Pour adhérer, ou si vous pensez
            qu'il s'agit d'une erreur, vous pouvez écrire au RTES depuis {accountOptions.Value.JoinUrl}

            L'équipe du RTES
            """),
            cancellationToken);

    /// <summary>Sent just before an account is erased, to the address being erased: the last message it gets.</summary>
    public Task SendAccountErasedAsync(string email, string? fullName, bool requested, CancellationToken cancellationToken = default) =>
        sender.SendAsync(new EmailMessage(
            email,
            "Suppression de votre compte du centre de ressources du RTES",
            $"""
            Bonjour{(string.IsNullOrEmpty(fullName) ? "" : " " + fullName)},

            {(requested ? "Comme vous l'avez demandé, votre" : "Votre")} compte du centre de ressources du RTES ({email}) est supprimé, et les données personnelles qui s'y rattachent sont effacées : nom, adresse e-mail, téléphone, mot de passe, double authentification, liens envoyés par e-mail et demandes d'accès.

            Les modifications de ressources que vous avez pu faire restent dans l'historique des ressources, attribuées à « {AccountErasure.ErasedAuthor} ».

            Vous ne pouvez plus vous connecter avec cette adresse. Vous pourrez demander un nouvel accès plus tard si vous le souhaitez.
            Si vous n'êtes pas à l'origine de cette suppression, écrivez au RTES depuis {accountOptions.Value.JoinUrl}

            L'équipe du RTES
            """),
            cancellationToken);

    public EmailMessage PasswordResetMessage(AppUser user, string link) =>
        new(
            user.Email!,
            "Réinitialisation de votre mot de passe",
            $"""
            Bonjour,

            Une réinitialisation du mot de passe a été demandée pour votre compte du centre de ressources du RTES.
            Pour choisir un nouveau mot de passe, suivez ce lien :

            {link}

            Ce lien ne sert qu'une fois et reste valable {(int)accountOptions.Value.PasswordResetLifetime.TotalMinutes} minutes.
            Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

            L'équipe du RTES
            """);
}
