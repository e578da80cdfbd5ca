using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Accounts;

public sealed record OperationResult(bool Succeeded, string Message)
{
    public static OperationResult Ok(string message) => new(true, message);

    public static OperationResult Fail(string message) => new(false, message);
}

public sealed record InvitationResult(bool Succeeded, string Message, string? Link = null);

/// <summary>
/// Collectivities, their memberships and their accounts: what admins do (the CLI today, the
/// back-office later). Messages are French: they are shown to RTES staff.
/// </summary>
public sealed class MembersService(
    AppDbContext db,
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    AccountLinkService links,
    AccountEmails emails,
    TimeProvider clock)
{
    public static readonly string[] AllRoles = [Roles.Member, Roles.Editor, Roles.Admin];

    private const int FullNameMaxLength = 200;
    private const int DecisionMessageMaxLength = 2000;

    /// <summary>
    /// Creates a collectivity, a member from <paramref name="memberFrom"/> (today when null) to
    /// <paramref name="memberUntil"/> when that is given. A period wholly in the past is recorded as
    /// history: it never grants access.
    /// </summary>
    public async Task<OperationResult> AddCollectivityAsync(string name, CollectivityKind kind, DateOnly? memberUntil, string? siren = null, DateOnly? memberFrom = null, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        if (!Collectivity.IsValidName(name))
        {
            return OperationResult.Fail(Collectivity.NameRule);
        }

        if (!Collectivity.IsValidSiren(siren))
        {
            return OperationResult.Fail(Collectivity.SirenRule);
        }

        if (await db.Collectivities.AnyAsync(c => c.Name == name, cancellationToken))
        {
            return OperationResult.Fail($"La collectivité « {name} » existe déjà.");
        }

        var today = clock.Today();
        if (memberFrom is not null && memberUntil is null)
        {
            return OperationResult.Fail("Indiquez aussi la date de fin de la période d'adhésion.");
        }

        if (memberUntil is DateOnly until && memberFrom is null && until < today)
        {
            return OperationResult.Fail("La date de fin d'adhésion est passée : pour enregistrer une adhésion passée, indiquez aussi la date de début de la période.");
        }

        var start = memberFrom ?? today;
        if (memberUntil is DateOnly last && PeriodProblem(start, last) is { } problem)
        {
            return OperationResult.Fail(problem);
        }

        var collectivity = new Collectivity { Name = name, Kind = kind, Siren = siren };
        if (memberUntil is DateOnly end)
        {
            collectivity.Memberships.Add(new MembershipPeriod { StartsOn = start, EndsOn = end, CreatedAt = clock.UtcNow() });
        }

        db.Collectivities.Add(collectivity);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok(memberUntil switch
        {
            null => $"Collectivité « {name} » créée, sans adhésion.",
            DateOnly day when day < today => $"Collectivité « {name} » créée, avec une adhésion passée du {FrenchDates.Day(start)} au {FrenchDates.Day(day)} (historique, sans accès).",
            DateOnly day when memberFrom is not null => $"Collectivité « {name} » créée, adhérente du {FrenchDates.Day(start)} au {FrenchDates.Day(day)}.",
            DateOnly day => $"Collectivité « {name} » créée, adhérente jusqu'au {FrenchDates.Day(day)}.",
        });
    }

    /// <summary>
    /// Records a membership period with both its days chosen: a past one (history, which never grants
    /// access), the current one, or one to come. Periods of one collectivity never overlap.
    /// </summary>
    public async Task<OperationResult> AddPeriodAsync(int collectivityId, DateOnly startsOn, DateOnly endsOn, CancellationToken cancellationToken = default)
    {
        if (PeriodProblem(startsOn, endsOn) is { } problem)
        {
            return OperationResult.Fail(problem);
        }

        var collectivity = await db.Collectivities.Include(c => c.Memberships).SingleOrDefaultAsync(c => c.Id == collectivityId, cancellationToken);
        if (collectivity is null)
        {
            return OperationResult.Fail("Cette collectivité n'existe plus.");
        }

        if (collectivity.Memberships.OrderBy(p => p.StartsOn).FirstOrDefault(p => p.StartsOn <= endsOn && startsOn <= p.EndsOn) is { } overlap)
        {
            return OperationResult.Fail($"Cette période chevauche celle du {FrenchDates.Day(overlap.StartsOn)} au {FrenchDates.Day(overlap.EndsOn)}.");
        }

        collectivity.Memberships.Add(new MembershipPeriod { StartsOn = startsOn, EndsOn = endsOn, CreatedAt = clock.UtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        var today = clock.Today();
        var state = endsOn < today ? " (historique : elle ne donne pas accès)" : startsOn > today ? " (à venir)" : "";
        return OperationResult.Ok($"Période d'adhésion de « {collectivity.Name} » du {FrenchDates.Day(startsOn)} au {FrenchDates.Day(endsOn)} enregistrée{state}.");
    }

    /// <summary>The CLI names collectivities; the service works by id.</summary>
    public async Task<int?> CollectivityIdAsync(string name, CancellationToken cancellationToken = default) =>
        await db.Collectivities.Where(c => c.Name == name.Trim()).Select(c => (int?)c.Id).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The earliest first day a period may have: membership records older than this are typing mistakes.</summary>
    public static readonly DateOnly EarliestPeriodStart = new(1990, 1, 1);

    private static string? PeriodProblem(DateOnly startsOn, DateOnly endsOn) =>
        endsOn < startsOn ? "La fin de la période d'adhésion précède son début."
        : startsOn < EarliestPeriodStart ? $"Une période d'adhésion commence au plus tôt le {FrenchDates.Day(EarliestPeriodStart)}."
        : null;

    /// <summary>The CLI's form of <see cref="RenewAsync(int, DateOnly, CancellationToken)"/>: the collectivity named.</summary>
    public async Task<OperationResult> RenewAsync(string name, DateOnly until, CancellationToken cancellationToken = default) =>
        await CollectivityIdAsync(name, cancellationToken) is int id
            ? await RenewAsync(id, until, cancellationToken)
            : OperationResult.Fail($"Aucune collectivité ne s'appelle « {Quote(name)} ».");

    /// <summary>Adds a membership period that starts the day after the current one ends (or today) and runs to <paramref name="until"/>.</summary>
    public async Task<OperationResult> RenewAsync(int collectivityId, DateOnly until, CancellationToken cancellationToken = default)
    {
        var collectivity = await db.Collectivities.Include(c => c.Memberships).SingleOrDefaultAsync(c => c.Id == collectivityId, cancellationToken);
        if (collectivity is null)
        {
            return OperationResult.Fail("Cette collectivité n'existe plus.");
        }

        var today = clock.Today();
        var lastEnd = collectivity.Memberships.Select(p => (DateOnly?)p.EndsOn).Max();
        var start = lastEnd is DateOnly end && end >= today ? end.AddDays(1) : today;
        if (until < start)
        {
            return OperationResult.Fail($"L'adhésion court déjà jusqu'au {FrenchDates.Day(start.AddDays(-1))} : choisissez une date de fin postérieure.");
        }

        collectivity.Memberships.Add(new MembershipPeriod { StartsOn = start, EndsOn = until, CreatedAt = clock.UtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok($"Adhésion de « {collectivity.Name} » renouvelée du {FrenchDates.Day(start)} au {FrenchDates.Day(until)}.");
    }

    /// <summary>The CLI's form of <see cref="InviteByIdAsync"/>: the collectivity named.</summary>
    public async Task<InvitationResult> InviteAsync(string email, string role, string? collectivityName, string? fullName, string? requestBaseUrl, CancellationToken cancellationToken = default)
    {
        int? collectivityId = null;
        if (!string.IsNullOrWhiteSpace(collectivityName))
        {
            collectivityId = await CollectivityIdAsync(collectivityName, cancellationToken);
            if (collectivityId is null)
            {
                return new(false, $"Aucune collectivité ne s'appelle « {Quote(collectivityName)} ».");
            }
        }

        return await InviteByIdAsync(email, role, collectivityId, fullName, requestBaseUrl, cancellationToken);
    }

    /// <summary>Creates the account and e-mails a single-use activation link. No password is ever set here.</summary>
    public async Task<InvitationResult> InviteByIdAsync(string email, string role, int? collectivityId, string? fullName, string? requestBaseUrl, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!new EmailAddressAttribute().IsValid(email) || email.Length > 256)
        {
            return new(false, $"« {Quote(email)} » n'est pas une adresse e-mail valide.");
        }

        if (!AllRoles.Contains(role, StringComparer.Ordinal))
        {
            return new(false, $"Rôle inconnu « {Quote(role)} » : Member, Editor ou Admin.");
        }

        Collectivity? collectivity = null;
        if (collectivityId is int id)
        {
            collectivity = await db.Collectivities.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (collectivity is null)
            {
                return new(false, "Cette collectivité n'existe plus.");
            }
        }

        if (fullName?.Trim().Length > FullNameMaxLength)
        {
            return new(false, $"Le nom complet compte {FullNameMaxLength} caractères au plus.");
        }

        if (role == Roles.Member && collectivity is null)
        {
            return new(false, "Un compte de membre appartient à une collectivité : précisez-la.");
        }

        if (await users.FindByEmailAsync(email) is not null)
        {
            return new(false, $"Un compte existe déjà pour {email}.");
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            FullName = string.IsNullOrWhiteSpace(fullName) ? null : fullName.Trim(),
            CollectivityId = collectivity?.Id,
            CreatedAt = clock.UtcNow(),
            LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return new(false, string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        await EnsureRoleAsync(role);
        await users.AddToRoleAsync(user, role);

        var token = await links.CreateAsync(user, AccountLinkPurpose.Invitation, cancellationToken);
        var link = emails.AbsoluteUrl(AccountEmails.ActivationPath(token), requestBaseUrl);
        await emails.SendInvitationAsync(user, link, cancellationToken);
        return new(true, $"Compte créé pour {email} ({role}) ; l'invitation a été envoyée.", link);
    }

    /// <summary>The CLI names accounts by their address; the back-office by their id.</summary>
    public async Task<string?> UserIdAsync(string email) => (await users.FindByEmailAsync(email.Trim()))?.Id;

    /// <summary>The CLI's form of <see cref="ResendInvitationToAsync"/>: the account named by its address.</summary>
    public async Task<InvitationResult> ResendInvitationAsync(string email, string? requestBaseUrl, CancellationToken cancellationToken = default) =>
        await UserIdAsync(email) is { } userId
            ? await ResendInvitationToAsync(userId, requestBaseUrl, cancellationToken)
            : new(false, $"Aucun compte actif pour {Quote(email)}.");

    public async Task<InvitationResult> ResendInvitationToAsync(string userId, string? requestBaseUrl, CancellationToken cancellationToken = default)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null || !user.IsActive)
        {
            return new(false, user is null ? "Ce compte n'existe plus." : $"Le compte {user.Email} est désactivé.");
        }

        if (user.EmailConfirmed)
        {
            return new(false, $"Le compte {user.Email} est déjà activé : la personne peut utiliser « mot de passe oublié ».");
        }

        var token = await links.CreateAsync(user, AccountLinkPurpose.Invitation, cancellationToken);
        var link = emails.AbsoluteUrl(AccountEmails.ActivationPath(token), requestBaseUrl);
        await emails.SendInvitationAsync(user, link, cancellationToken);
        return new(true, $"Invitation renvoyée à {user.Email}.", link);
    }

    /// <summary>For operators only: sets a password they were given on standard input.</summary>
    public async Task<OperationResult> SetPasswordAsync(string email, string password)
    {
        var user = await users.FindByEmailAsync(email.Trim());
        if (user is null)
        {
            return OperationResult.Fail($"Aucun compte pour {email}.");
        }

        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            if (!check.Succeeded)
            {
                return OperationResult.Fail(string.Join(" ", check.Errors.Select(e => e.Description)));
            }
        }

        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.EmailConfirmed = true;
        await links.RevokeAllAsync(user.Id);
        await users.UpdateSecurityStampAsync(user);
        return OperationResult.Ok($"Mot de passe de {email} modifié ; ses sessions ouvertes seront fermées et ses liens d'invitation ou de réinitialisation ne servent plus.");
    }

    /// <summary>The CLI's form of <see cref="DeactivateAccountAsync"/>: the account named by its address.</summary>
    public async Task<OperationResult> DeactivateUserAsync(string email) =>
        await UserIdAsync(email) is { } userId ? await DeactivateAccountAsync(userId) : OperationResult.Fail($"Aucun compte pour {Quote(email)}.");

    /// <summary>Ends private access on the next request, and open sessions at the next security-stamp check.</summary>
    public async Task<OperationResult> DeactivateAccountAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return OperationResult.Fail("Ce compte n'existe plus.");
        }

        user.IsActive = false;
        await users.UpdateSecurityStampAsync(user);
        return OperationResult.Ok($"Compte {user.Email} désactivé.");
    }

    /// <summary>The CLI's form of <see cref="DeactivateCollectivityAsync(int, CancellationToken)"/>: the collectivity named.</summary>
    public async Task<OperationResult> DeactivateCollectivityAsync(string name, CancellationToken cancellationToken = default) =>
        await CollectivityIdAsync(name, cancellationToken) is int id
            ? await DeactivateCollectivityAsync(id, cancellationToken)
            : OperationResult.Fail($"Aucune collectivité ne s'appelle « {Quote(name)} ».");

    public async Task<OperationResult> DeactivateCollectivityAsync(int id, CancellationToken cancellationToken = default)
    {
        var collectivity = await db.Collectivities.Include(c => c.Users).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collectivity is null)
        {
            return OperationResult.Fail("Cette collectivité n'existe plus.");
        }

        collectivity.IsActive = false;
        await db.SaveChangesAsync(cancellationToken);
        foreach (var user in collectivity.Users)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        return OperationResult.Ok($"Collectivité « {collectivity.Name} » désactivée ({collectivity.Users.Count} compte(s)).");
    }

    public async Task<OperationResult> UpdateCollectivityAsync(int id, string name, CollectivityKind kind, string? siren, CancellationToken cancellationToken = default)
    {
        name = name.Trim();
        siren = string.IsNullOrWhiteSpace(siren) ? null : siren.Trim();
        if (!Collectivity.IsValidName(name))
        {
            return OperationResult.Fail(Collectivity.NameRule);
        }

        if (!Collectivity.IsValidSiren(siren))
        {
            return OperationResult.Fail(Collectivity.SirenRule);
        }

        var collectivity = await db.Collectivities.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collectivity is null)
        {
            return OperationResult.Fail("Cette collectivité n'existe plus.");
        }

        if (await db.Collectivities.AnyAsync(c => c.Id != id && (c.Name == name || (siren != null && c.Siren == siren)), cancellationToken))
        {
            return OperationResult.Fail("Une autre collectivité porte déjà ce nom ou ce numéro SIREN.");
        }

        (collectivity.Name, collectivity.Kind, collectivity.Siren) = (name, kind, siren);
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok("Collectivité enregistrée.");
    }

    public async Task<OperationResult> ReactivateCollectivityAsync(int id, CancellationToken cancellationToken = default)
    {
        var collectivity = await db.Collectivities.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (collectivity is null)
        {
            return OperationResult.Fail("Cette collectivité n'existe plus.");
        }

        collectivity.IsActive = true;
        await db.SaveChangesAsync(cancellationToken);
        return OperationResult.Ok($"Collectivité « {collectivity.Name} » réactivée.");
    }

    /// <summary>Replaces the account's roles with one role. A Member needs a collectivity.</summary>
    public async Task<OperationResult> ChangeRoleAsync(string userId, string role)
    {
        if (!AllRoles.Contains(role, StringComparer.Ordinal))
        {
            return OperationResult.Fail("Rôle inconnu.");
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return OperationResult.Fail("Ce compte n'existe plus.");
        }

        if (role == Roles.Member && user.CollectivityId is null)
        {
            return OperationResult.Fail("Un compte de membre appartient à une collectivité : ce compte n'en a pas.");
        }

        await EnsureRoleAsync(role);
        await users.RemoveFromRolesAsync(user, await users.GetRolesAsync(user));
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        return OperationResult.Ok($"Rôle de {user.Email} : {role}.");
    }

    public async Task<string?> EmailOfAsync(string userId) => (await users.FindByIdAsync(userId))?.Email;

    public async Task<OperationResult> ReactivateUserAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return OperationResult.Fail("Ce compte n'existe plus.");
        }

        user.IsActive = true;
        await users.UpdateAsync(user);
        return OperationResult.Ok($"Compte {user.Email} réactivé.");
    }

    public async Task<IReadOnlyList<AccessRequest>> PendingAccessRequestsAsync(CancellationToken cancellationToken = default) =>
        await db.AccessRequests.AsNoTracking().Where(r => r.Status == AccessRequestStatus.Pending).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);

    /// <summary>Approving invites the person as a Member of the named collectivity (created when missing, without membership).</summary>
    public async Task<InvitationResult> ApproveAccessRequestAsync(int id, string? collectivityName, string? message, string? requestBaseUrl, CancellationToken cancellationToken = default)
    {
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || request.Status != AccessRequestStatus.Pending)
        {
            return new(false, $"Aucune demande en attente n'a le numéro {id}.");
        }

        if (message?.Trim().Length > DecisionMessageMaxLength)
        {
            return new(false, $"Le message compte {DecisionMessageMaxLength} caractères au plus.");
        }

        var name = string.IsNullOrWhiteSpace(collectivityName) ? request.CollectivityName : collectivityName.Trim();
        if (!await db.Collectivities.AnyAsync(c => c.Name == name, cancellationToken))
        {
            var created = await AddCollectivityAsync(name, CollectivityKind.Autre, null, cancellationToken: cancellationToken);
            if (!created.Succeeded)
            {
                return new(false, created.Message);
            }
        }

        var invitation = await InviteAsync(request.Email, Roles.Member, name, request.FullName, requestBaseUrl, cancellationToken);
        if (!invitation.Succeeded)
        {
            return invitation;
        }

        request.Status = AccessRequestStatus.Approved;
        request.DecidedAt = clock.UtcNow();
        request.DecisionMessage = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        request.UserId = (await users.FindByEmailAsync(request.Email))?.Id;
        await db.SaveChangesAsync(cancellationToken);
        return invitation with { Message = $"Demande {id} acceptée. {invitation.Message}" };
    }

    public async Task<OperationResult> RejectAccessRequestAsync(int id, string? message, CancellationToken cancellationToken = default)
    {
        var request = await db.AccessRequests.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null || request.Status != AccessRequestStatus.Pending)
        {
            return OperationResult.Fail($"Aucune demande en attente n'a le numéro {id}.");
        }

        if (message?.Trim().Length > DecisionMessageMaxLength)
        {
            return OperationResult.Fail($"Le message compte {DecisionMessageMaxLength} caractères au plus.");
        }

        request.Status = AccessRequestStatus.Rejected;
        request.DecidedAt = clock.UtcNow();
        request.DecisionMessage = string.IsNullOrWhiteSpace(message) ? null : message.Trim();
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await emails.SendAccessRequestRejectedAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or MailKit.ServiceNotConnectedException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Net.Smtp.SmtpProtocolException)
        {
            return OperationResult.Ok($"Demande {id} refusée ; l'e-mail à {request.Email} n'a pas pu partir ({exception.Message}).");
        }

        return OperationResult.Ok($"Demande {id} refusée ; {request.Email} en est informé·e par e-mail.");
    }

    /// <summary>What someone typed, cut short for a message: a message goes into a cookie (TempData) and must stay small.</summary>
    private static string Quote(string? text) => text is null ? "" : text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 80), "…");

    private async Task EnsureRoleAsync(string role)
    {
        if (!await roles.RoleExistsAsync(role))
        {
            await roles.CreateAsync(new IdentityRole(role));
        }
    }
}
