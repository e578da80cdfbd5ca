using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Accounts;

/// <summary>
/// A collectivity's identity as the back-office forms post it. Never an entity: the service copies what
/// it accepts, and checks it by the same rules (<see cref="Collectivity.IsValidSiren"/>); here they word
/// the form's field errors.
/// </summary>
public class CollectivityInput
{
    [Required(ErrorMessage = "Le nom est obligatoire.")]
    [StringLength(Collectivity.NameMaxLength, ErrorMessage = "Le nom compte 200 caractères au plus.")]
    public string? Name { get; set; }

    /// <summary>The kind's name; an unknown one is read as "Autre", as it always was.</summary>
    [StringLength(50, ErrorMessage = "Choisissez un type de la liste.")]
    public string? Kind { get; set; }

    [Siren]
    public string? Siren { get; set; }

    public CollectivityKind ParsedKind =>
        Enum.TryParse<CollectivityKind>(Kind, ignoreCase: false, out var kind) && Enum.IsDefined(kind)
            ? kind
            : CollectivityKind.Autre;

    public string? TrimmedSiren => string.IsNullOrWhiteSpace(Siren) ? null : Siren.Trim();
}

/// <summary>The form's check of <see cref="Collectivity.IsValidSiren"/>, so that it is reported with the other fields' errors.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SirenAttribute() : ValidationAttribute(Collectivity.SirenRule)
{
    public override bool IsValid(object? value) =>
        Collectivity.IsValidSiren(value is string text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null);
}

/// <summary>The "add a collectivity" form: its identity and, optionally, a first membership period.</summary>
public sealed class NewCollectivityInput : CollectivityInput
{
    [DayDate(ErrorMessage = "La date de début d'adhésion n'est pas une date valide (jj/mm/aaaa).")]
    public string? MemberFrom { get; set; }

    [DayDate(ErrorMessage = "La date de fin d'adhésion n'est pas une date valide (jj/mm/aaaa).")]
    public string? MemberUntil { get; set; }

    public DateOnly? From => DayDateAttribute.Parse(MemberFrom);

    public DateOnly? Until => DayDateAttribute.Parse(MemberUntil);
}

/// <summary>The "renew until" form of a collectivity.</summary>
public sealed class RenewalInput
{
    [Required(ErrorMessage = "Indiquez la date de fin de la nouvelle période (jj/mm/aaaa).")]
    [DayDate(ErrorMessage = "La date de fin de la nouvelle période n'est pas une date valide (jj/mm/aaaa).")]
    public string? Until { get; set; }

    public DateOnly? UntilDate => DayDateAttribute.Parse(Until);
}

/// <summary>The "invite someone" form.</summary>
public sealed class InvitationInput
{
    [Required(ErrorMessage = "L'adresse e-mail est obligatoire.")]
    [StringLength(256, ErrorMessage = "L'adresse e-mail compte 256 caractères au plus.")]
    [EmailAddress(ErrorMessage = "L'adresse e-mail n'est pas valide.")]
    public string? Email { get; set; }

    [StringLength(200, ErrorMessage = "Le nom complet compte 200 caractères au plus.")]
    public string? FullName { get; set; }

    [Required(ErrorMessage = "Choisissez un rôle.")]
    [RegularExpression("^(Member|Editor|Admin)$", ErrorMessage = "Choisissez un rôle : membre, éditeur·rice ou administrateur·rice.")]
    public string? Role { get; set; }

    /// <summary>The collectivity's id, empty for RTES staff.</summary>
    [RegularExpression(@"^\d{1,9}$", ErrorMessage = "Choisissez une collectivité de la liste.")]
    public string? CollectivityId { get; set; }

    public int? Collectivity => int.TryParse(CollectivityId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>The "change role" form of an account row.</summary>
public sealed class RoleInput
{
    [Required(ErrorMessage = "Choisissez un rôle.")]
    [RegularExpression("^(Member|Editor|Admin)$", ErrorMessage = "Rôle inconnu.")]
    [ModelBinder(Name = "role")]
    public string? Role { get; set; }
}

/// <summary>Accepting or refusing an access request.</summary>
public sealed class AccessDecisionInput
{
    [StringLength(Domain.Collectivity.NameMaxLength, ErrorMessage = "Le nom de la collectivité compte 200 caractères au plus.")]
    [ModelBinder(Name = "collectivity")]
    public string? Collectivity { get; set; }

    [StringLength(2000, ErrorMessage = "Le message compte 2 000 caractères au plus.")]
    [ModelBinder(Name = "message")]
    public string? Message { get; set; }
}

/// <summary>The confirmation of an account's erasure: its address typed again.</summary>
public sealed class ErasureInput
{
    [Required(ErrorMessage = "Saisissez l'adresse e-mail du compte pour confirmer.")]
    [StringLength(256, ErrorMessage = "L'adresse e-mail compte 256 caractères au plus.")]
    public string? Confirmation { get; set; }
}

/// <summary>The collectivities screen's query string (read leniently: an unknown status lists them all).</summary>
public sealed class CollectivitiesQuery
{
    [ModelBinder(Name = "q")]
    public string? Q { get; set; }

    [ModelBinder(Name = "statut")]
    public string? Statut { get; set; }
}

/// <summary>The accounts screen's query string; "suppression=demandee" lists the accounts whose deletion was requested.</summary>
public sealed class AccountsQuery
{
    public const string DeletionRequestedValue = "demandee";

    [ModelBinder(Name = "q")]
    public string? Q { get; set; }

    [ModelBinder(Name = "role")]
    public string? Role { get; set; }

    [ModelBinder(Name = "suppression")]
    public string? Suppression { get; set; }

    public bool DeletionRequested => Suppression == DeletionRequestedValue;
}

public sealed record CollectivitiesPage(List<CollectivityRow> Rows, DateOnly Today, string? Q, string? Statut, NewCollectivityInput Form);

public sealed record CollectivityPage(
    CollectivityRow Row,
    List<PeriodRow> Periods,
    List<AccountRow> Accounts,
    DateOnly Today,
    CollectivityInput Identity,
    RenewalInput Renewal,
    MembershipPeriodInput Period);

public sealed record CollectivityOption(int Id, string Name);

public sealed record AccountsPage(
    List<AccountRow> Rows,
    string? Q,
    string? Role,
    bool DeletionRequested,
    int DeletionRequests,
    List<CollectivityOption> Collectivities,
    InvitationInput Invitation);

/// <summary>The pending requests; <paramref name="TypedFor"/> is the request whose form failed, shown again with <paramref name="Typed"/>.</summary>
public sealed record RequestsPage(List<AccessRequestReview> Reviews, DateOnly Today, int? TypedFor = null, AccessDecisionInput? Typed = null);

public sealed record ErasurePage(ErasurePreview Preview, ErasureInput Form);

/// <summary>Builds the members back-office pages from the directory, with what the admin typed when a form is shown again.</summary>
public sealed class MembersPages(MembersDirectory directory, TimeProvider clock)
{
    public async Task<CollectivitiesPage> CollectivitiesAsync(string? q, string? statut, NewCollectivityInput? form = null, CancellationToken cancellationToken = default) =>
        new(await directory.CollectivitiesAsync(q, statut, cancellationToken), Infrastructure.FrenchClock.Today(clock), q, statut, form ?? new NewCollectivityInput());

    public async Task<CollectivityPage?> CollectivityAsync(int id, CollectivityInput? identity = null, RenewalInput? renewal = null, MembershipPeriodInput? period = null, CancellationToken cancellationToken = default)
    {
        if (await directory.CollectivityAsync(id, cancellationToken) is not { } details)
        {
            return null;
        }

        identity ??= new CollectivityInput { Name = details.Row.Name, Kind = details.Row.Kind.ToString(), Siren = details.Row.Siren };
        return new(details.Row, details.Periods, details.Accounts, Infrastructure.FrenchClock.Today(clock), identity, renewal ?? new RenewalInput(), period ?? new MembershipPeriodInput());
    }

    public async Task<AccountsPage> AccountsAsync(string? q, string? role, bool deletionRequested, InvitationInput? invitation = null, CancellationToken cancellationToken = default)
    {
        var collectivities = (await directory.CollectivitiesAsync(null, null, cancellationToken)).Where(c => c.IsActive).Select(c => new CollectivityOption(c.Id, c.Name)).ToList();
        var rows = await directory.AccountsAsync(q, role, deletionRequestedOnly: deletionRequested, cancellationToken: cancellationToken);
        return new(rows, q, role, deletionRequested, await directory.DeletionRequestsAsync(cancellationToken), collectivities, invitation ?? new InvitationInput { Role = Authorization.Roles.Member });
    }

    public async Task<RequestsPage> RequestsAsync(int? typedFor = null, AccessDecisionInput? typed = null, CancellationToken cancellationToken = default) =>
        new(await directory.PendingAccessRequestsAsync(cancellationToken), Infrastructure.FrenchClock.Today(clock), typedFor, typed);
}
