using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Controllers;

/// <summary>
/// Collectivities, memberships, accounts and access requests: Admins only. Thin: MembersService applies the
/// rules (by id) and words the messages, MembersPages builds the pages. A form that fails is shown again,
/// with what the admin typed and the errors.
/// </summary>
[Area("Admin")]
[Authorize(Policy = Policies.AdminOnly)]
[Route("admin")]
public sealed class MembersController(MembersPages pages, MembersDirectory directory, MembersService members, AccountErasure erasure, TimeProvider clock) : Controller
{
    [HttpGet("collectivites")]
    public async Task<IActionResult> Collectivities([FromQuery] CollectivitiesQuery query, CancellationToken cancellationToken) =>
        View(await pages.CollectivitiesAsync(query.Q, query.Statut, cancellationToken: cancellationToken));

    [HttpGet("collectivites/export.csv")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> CollectivitiesCsv(CancellationToken cancellationToken) =>
        File(await directory.CollectivitiesCsvAsync(cancellationToken), "text/csv; charset=utf-8", $"collectivites-{Today()}.csv");

    [HttpPost("collectivites")]
    public async Task<IActionResult> AddCollectivity(NewCollectivityInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await members.AddCollectivityAsync(input.Name ?? "", input.ParsedKind, input.Until, input.TrimmedSiren, input.From, cancellationToken);
            if (result.Succeeded)
            {
                return Done(result, "/admin/collectivites");
            }

            ModelState.AddModelError("", result.Message);
        }

        return View(nameof(Collectivities), await pages.CollectivitiesAsync(null, null, input, cancellationToken));
    }

    [HttpGet("collectivites/{id:int}")]
    public async Task<IActionResult> Collectivity(int id, CancellationToken cancellationToken) =>
        await pages.CollectivityAsync(id, cancellationToken: cancellationToken) is { } page ? View(page) : NotFound();

    [HttpPost("collectivites/{id:int}")]
    public async Task<IActionResult> UpdateCollectivity(int id, CollectivityInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await members.UpdateCollectivityAsync(id, input.Name ?? "", input.ParsedKind, input.TrimmedSiren, cancellationToken);
            if (result.Succeeded)
            {
                return Done(result, $"/admin/collectivites/{id}");
            }

            ModelState.AddModelError("", result.Message);
        }

        return await CollectivityAgainAsync(id, input, null, null, cancellationToken);
    }

    [HttpPost("collectivites/{id:int}/renouveler")]
    public async Task<IActionResult> Renew(int id, RenewalInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid && input.UntilDate is DateOnly until)
        {
            var result = await members.RenewAsync(id, until, cancellationToken);
            if (result.Succeeded)
            {
                return Done(result, $"/admin/collectivites/{id}");
            }

            ModelState.AddModelError("", result.Message);
        }

        return await CollectivityAgainAsync(id, null, input, null, cancellationToken);
    }

    [HttpPost("collectivites/{id:int}/periodes")]
    public async Task<IActionResult> AddPeriod(int id, MembershipPeriodInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid && input.Start is DateOnly start && input.End is DateOnly end)
        {
            var result = await members.AddPeriodAsync(id, start, end, cancellationToken);
            if (result.Succeeded)
            {
                return Done(result, $"/admin/collectivites/{id}");
            }

            ModelState.AddModelError("", result.Message);
        }

        return await CollectivityAgainAsync(id, null, null, input, cancellationToken);
    }

    [HttpPost("collectivites/{id:int}/desactiver")]
    public async Task<IActionResult> DeactivateCollectivity(int id, CancellationToken cancellationToken) =>
        await CollectivityActionAsync(id, await members.DeactivateCollectivityAsync(id, cancellationToken), cancellationToken);

    [HttpPost("collectivites/{id:int}/reactiver")]
    public async Task<IActionResult> ReactivateCollectivity(int id, CancellationToken cancellationToken) =>
        await CollectivityActionAsync(id, await members.ReactivateCollectivityAsync(id, cancellationToken), cancellationToken);

    [HttpGet("comptes")]
    public async Task<IActionResult> Accounts([FromQuery] AccountsQuery query, CancellationToken cancellationToken) =>
        View(await pages.AccountsAsync(query.Q, query.Role, query.DeletionRequested, cancellationToken: cancellationToken));

    /// <summary>Confirmation step: what will be erased and what is kept, then the address typed again.</summary>
    [HttpGet("comptes/{id}/effacer")]
    public async Task<IActionResult> Erase(string id, CancellationToken cancellationToken)
    {
        var preview = await erasure.PreviewAsync(id, cancellationToken);
        return preview is null ? NotFound() : View(new ErasurePage(preview, new ErasureInput()));
    }

    [HttpPost("comptes/{id}/effacer")]
    public async Task<IActionResult> EraseConfirmed(string id, ErasureInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await erasure.EraseAsync(id, input.Confirmation, User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
            if (result.Succeeded)
            {
                return Done(result, "/admin/comptes");
            }

            ModelState.AddModelError("", result.Message);
        }

        if (await erasure.PreviewAsync(id, cancellationToken) is { } preview)
        {
            return View(nameof(Erase), new ErasurePage(preview, input));
        }

        // The account is gone (erased meanwhile): nothing to show again.
        TempData["Error"] = ModelState.ErrorFor("") ?? "Ce compte n'existe plus.";
        return LocalRedirect("/admin/comptes");
    }

    [HttpGet("comptes/export.csv")]
    [ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
    public async Task<IActionResult> AccountsCsv(CancellationToken cancellationToken) =>
        File(await directory.AccountsCsvAsync(cancellationToken), "text/csv; charset=utf-8", $"comptes-{Today()}.csv");

    [HttpPost("comptes")]
    public async Task<IActionResult> Invite([Bind(Prefix = "Invitation")] InvitationInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await members.InviteByIdAsync(input.Email ?? "", input.Role ?? "", input.Collectivity, input.FullName, BaseUrl(), cancellationToken);
            if (result.Succeeded)
            {
                return Done(new OperationResult(true, result.Message), "/admin/comptes");
            }

            ModelState.AddModelError("", result.Message);
        }

        return View(nameof(Accounts), await pages.AccountsAsync(null, null, false, input, cancellationToken));
    }

    [HttpPost("comptes/{id}/role")]
    public async Task<IActionResult> ChangeRole(string id, RoleInput input, CancellationToken cancellationToken) =>
        ModelState.IsValid
            ? await AccountActionAsync(await members.ChangeRoleAsync(id, input.Role ?? ""), cancellationToken)
            : View(nameof(Accounts), await pages.AccountsAsync(null, null, false, cancellationToken: cancellationToken));

    [HttpPost("comptes/{id}/desactiver")]
    public async Task<IActionResult> DeactivateAccount(string id, CancellationToken cancellationToken) =>
        await AccountActionAsync(await members.DeactivateAccountAsync(id), cancellationToken);

    [HttpPost("comptes/{id}/reactiver")]
    public async Task<IActionResult> ReactivateAccount(string id, CancellationToken cancellationToken) =>
        await AccountActionAsync(await members.ReactivateUserAsync(id), cancellationToken);

    [HttpPost("comptes/{id}/relancer")]
    public async Task<IActionResult> ResendInvitation(string id, CancellationToken cancellationToken)
    {
        var result = await members.ResendInvitationToAsync(id, BaseUrl(), cancellationToken);
        return await AccountActionAsync(new OperationResult(result.Succeeded, result.Message), cancellationToken);
    }

    [HttpGet("demandes")]
    public async Task<IActionResult> Requests(CancellationToken cancellationToken) =>
        View(await pages.RequestsAsync(cancellationToken: cancellationToken));

    [HttpPost("demandes/{id:int}/accepter")]
    public async Task<IActionResult> Approve(int id, AccessDecisionInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await members.ApproveAccessRequestAsync(id, input.Collectivity, input.Message, BaseUrl(), cancellationToken);
            if (result.Succeeded)
            {
                return Done(new OperationResult(true, result.Message), "/admin/demandes");
            }

            ModelState.AddModelError("", result.Message);
        }

        return View(nameof(Requests), await pages.RequestsAsync(id, input, cancellationToken));
    }

    [HttpPost("demandes/{id:int}/refuser")]
    public async Task<IActionResult> Reject(int id, AccessDecisionInput input, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await members.RejectAccessRequestAsync(id, input.Message, cancellationToken);
            if (result.Succeeded)
            {
                return Done(result, "/admin/demandes");
            }

            ModelState.AddModelError("", result.Message);
        }

        return View(nameof(Requests), await pages.RequestsAsync(id, input, cancellationToken));
    }

    private string Today() => clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private string BaseUrl() => $"{Request.Scheme}://{Request.Host}";

    private async Task<IActionResult> CollectivityAgainAsync(int id, CollectivityInput? identity, RenewalInput? renewal, MembershipPeriodInput? period, CancellationToken cancellationToken) =>
        await pages.CollectivityAsync(id, identity, renewal, period, cancellationToken) is { } page ? View(nameof(Collectivity), page) : NotFound();

    /// <summary>A button without fields (deactivate, reactivate): done, or the page again with the reason.</summary>
    private async Task<IActionResult> CollectivityActionAsync(int id, OperationResult result, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            return Done(result, $"/admin/collectivites/{id}");
        }

        ModelState.AddModelError("", result.Message);
        return await CollectivityAgainAsync(id, null, null, null, cancellationToken);
    }

    private async Task<IActionResult> AccountActionAsync(OperationResult result, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            return Done(result, "/admin/comptes");
        }

        ModelState.AddModelError("", result.Message);
        return View(nameof(Accounts), await pages.AccountsAsync(null, null, false, cancellationToken: cancellationToken));
    }

    private LocalRedirectResult Done(OperationResult result, string next)
    {
        TempData["Message"] = result.Message;
        return LocalRedirect(next);
    }
}
