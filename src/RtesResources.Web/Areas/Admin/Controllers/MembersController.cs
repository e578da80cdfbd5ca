using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>Collectivities, memberships, accounts and access requests: Admins only. Messages come from MembersService.</summary>
[Area("Admin")]
[Authorize(Policy = Policies.AdminOnly)]
[Route("admin")]
public sealed class MembersController(MembersDirectory directory, MembersService members, AccountErasure erasure, TimeProvider clock) : Controller
{
    [HttpGet("collectivites")]
    public async Task<IActionResult> Collectivities(string? q, string? statut, CancellationToken cancellationToken)
    {
        ViewData["Today"] = Infrastructure.FrenchClock.Today(clock);
        ViewData["Q"] = q;
        ViewData["Statut"] = statut;
        return View(await directory.CollectivitiesAsync(q, statut, cancellationToken));
    }

    [HttpGet("collectivites/export.csv")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> CollectivitiesCsv(CancellationToken cancellationToken) =>
        File(await directory.CollectivitiesCsvAsync(cancellationToken), "text/csv; charset=utf-8", $"collectivites-{DateTime.UtcNow:yyyy-MM-dd}.csv");

    [HttpPost("collectivites")]
    public async Task<IActionResult> AddCollectivity(string? name, CollectivityKind kind, string? siren, string? memberUntil, string? memberFrom, CancellationToken cancellationToken)
    {
        DateOnly? from = null;
        if (!string.IsNullOrWhiteSpace(memberFrom))
        {
            if (!DateOnly.TryParseExact(memberFrom, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Report(OperationResult.Fail("La date de début d'adhésion n'est pas une date valide."), "/admin/collectivites");
            }

            from = date;
        }

        DateOnly? until = null;
        if (!string.IsNullOrWhiteSpace(memberUntil))
        {
            if (!DateOnly.TryParseExact(memberUntil, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Report(OperationResult.Fail("La date de fin d'adhésion n'est pas une date valide."), "/admin/collectivites");
            }

            until = date;
        }

        var result = await members.AddCollectivityAsync(name ?? "", Enum.IsDefined(kind) ? kind : CollectivityKind.Autre, until, string.IsNullOrWhiteSpace(siren) ? null : siren.Trim(), from, cancellationToken);
        return Report(result, "/admin/collectivites");
    }

    [HttpGet("collectivites/{id:int}")]
    public async Task<IActionResult> Collectivity(int id, CancellationToken cancellationToken)
    {
        var details = await directory.CollectivityAsync(id, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        ViewData["Today"] = Infrastructure.FrenchClock.Today(clock);
        return View(details.Value);
    }

    [HttpPost("collectivites/{id:int}")]
    public async Task<IActionResult> UpdateCollectivity(int id, string? name, CollectivityKind kind, string? siren, CancellationToken cancellationToken) =>
        Report(await members.UpdateCollectivityAsync(id, name ?? "", Enum.IsDefined(kind) ? kind : CollectivityKind.Autre, siren, cancellationToken), $"/admin/collectivites/{id}");

    [HttpPost("collectivites/{id:int}/renouveler")]
    public async Task<IActionResult> Renew(int id, string? until, CancellationToken cancellationToken)
    {
        var details = await directory.CollectivityAsync(id, cancellationToken);
        if (details is null)
        {
            return NotFound();
        }

        if (!DateOnly.TryParseExact(until, ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Report(OperationResult.Fail("Indiquez la date de fin de la nouvelle période (jj/mm/aaaa)."), $"/admin/collectivites/{id}");
        }

        return Report(await members.RenewAsync(details.Value.Row.Name, date, cancellationToken), $"/admin/collectivites/{id}");
    }

    [HttpPost("collectivites/{id:int}/periodes")]
    public async Task<IActionResult> AddPeriod(int id, MembershipPeriodInput input, CancellationToken cancellationToken)
    {
        var next = $"/admin/collectivites/{id}";
        if (!ModelState.IsValid || input.Start is not DateOnly start || input.End is not DateOnly end)
        {
            var problems = ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).Distinct();
            return Report(OperationResult.Fail(string.Join(" ", problems.DefaultIfEmpty("Indiquez le premier et le dernier jour de la période (jj/mm/aaaa)."))), next);
        }

        return Report(await members.AddPeriodAsync(id, start, end, cancellationToken), next);
    }

    [HttpPost("collectivites/{id:int}/desactiver")]
    public async Task<IActionResult> DeactivateCollectivity(int id, CancellationToken cancellationToken)
    {
        var details = await directory.CollectivityAsync(id, cancellationToken);
        return details is null ? NotFound() : Report(await members.DeactivateCollectivityAsync(details.Value.Row.Name, cancellationToken), $"/admin/collectivites/{id}");
    }

    [HttpPost("collectivites/{id:int}/reactiver")]
    public async Task<IActionResult> ReactivateCollectivity(int id, CancellationToken cancellationToken) =>
        Report(await members.ReactivateCollectivityAsync(id, cancellationToken), $"/admin/collectivites/{id}");

    /// <summary>Value of the <c>suppression</c> filter that lists the accounts whose deletion was requested.</summary>
    public const string DeletionRequestedFilter = "demandee";

    [HttpGet("comptes")]
    public async Task<IActionResult> Accounts(string? q, string? role, string? suppression, CancellationToken cancellationToken)
    {
        var deletionRequested = suppression == DeletionRequestedFilter;
        ViewData["Q"] = q;
        ViewData["Role"] = role;
        ViewData["DeletionRequested"] = deletionRequested;
        ViewData["DeletionRequests"] = await directory.DeletionRequestsAsync(cancellationToken);
        ViewData["Collectivities"] = (await directory.CollectivitiesAsync(null, null, cancellationToken)).Where(c => c.IsActive).Select(c => c.Name).ToList();
        return View(await directory.AccountsAsync(q, role, deletionRequestedOnly: deletionRequested, cancellationToken: cancellationToken));
    }

    /// <summary>Confirmation step: what will be erased and what is kept, then the address typed again.</summary>
    [HttpGet("comptes/{id}/effacer")]
    public async Task<IActionResult> Erase(string id, CancellationToken cancellationToken)
    {
        var preview = await erasure.PreviewAsync(id, cancellationToken);
        return preview is null ? NotFound() : View(preview);
    }

    [HttpPost("comptes/{id}/effacer")]
    public async Task<IActionResult> EraseConfirmed(string id, string? confirmation, CancellationToken cancellationToken)
    {
        var result = await erasure.EraseAsync(id, confirmation, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        var stillThere = !result.Succeeded && await erasure.PreviewAsync(id, cancellationToken) is not null;
        return Report(result, stillThere ? $"/admin/comptes/{Uri.EscapeDataString(id)}/effacer" : "/admin/comptes");
    }

    [HttpGet("comptes/export.csv")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> AccountsCsv(CancellationToken cancellationToken) =>
        File(await directory.AccountsCsvAsync(cancellationToken), "text/csv; charset=utf-8", $"comptes-{DateTime.UtcNow:yyyy-MM-dd}.csv");

    [HttpPost("comptes")]
    public async Task<IActionResult> Invite(string? email, string? role, string? collectivity, string? fullName, CancellationToken cancellationToken)
    {
        var result = await members.InviteAsync(email ?? "", role ?? "", collectivity, fullName, $"{Request.Scheme}://{Request.Host}", cancellationToken);
        return Report(new OperationResult(result.Succeeded, result.Message), "/admin/comptes");
    }

    [HttpPost("comptes/{id}/role")]
    public async Task<IActionResult> ChangeRole(string id, string? role) =>
        Report(await members.ChangeRoleAsync(id, role ?? ""), "/admin/comptes");

    [HttpPost("comptes/{id}/desactiver")]
    public async Task<IActionResult> DeactivateAccount(string id) =>
        Report(await members.DeactivateUserAsync(await members.EmailOfAsync(id) ?? ""), "/admin/comptes");

    [HttpPost("comptes/{id}/reactiver")]
    public async Task<IActionResult> ReactivateAccount(string id) =>
        Report(await members.ReactivateUserAsync(id), "/admin/comptes");

    [HttpPost("comptes/{id}/relancer")]
    public async Task<IActionResult> ResendInvitation(string id, CancellationToken cancellationToken)
    {
        var result = await members.ResendInvitationAsync(await members.EmailOfAsync(id) ?? "", $"{Request.Scheme}://{Request.Host}", cancellationToken);
        return Report(new OperationResult(result.Succeeded, result.Message), "/admin/comptes");
    }

    [HttpGet("demandes")]
    public async Task<IActionResult> Requests(CancellationToken cancellationToken)
    {
        ViewData["Today"] = Infrastructure.FrenchClock.Today(clock);
        return View(await directory.PendingAccessRequestsAsync(cancellationToken));
    }

    [HttpPost("demandes/{id:int}/accepter")]
    public async Task<IActionResult> Approve(int id, string? collectivity, string? message, CancellationToken cancellationToken)
    {
        var result = await members.ApproveAccessRequestAsync(id, collectivity, message, $"{Request.Scheme}://{Request.Host}", cancellationToken);
        return Report(new OperationResult(result.Succeeded, result.Message), "/admin/demandes");
    }

    [HttpPost("demandes/{id:int}/refuser")]
    public async Task<IActionResult> Reject(int id, string? message, CancellationToken cancellationToken) =>
        Report(await members.RejectAccessRequestAsync(id, message, cancellationToken), "/admin/demandes");

    private LocalRedirectResult Report(OperationResult result, string next)
    {
        TempData[result.Succeeded ? "Message" : "Error"] = result.Message;
        return LocalRedirect(next);
    }
}
