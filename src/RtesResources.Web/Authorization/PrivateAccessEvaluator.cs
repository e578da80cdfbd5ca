using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Authorization;

/// <summary>
/// Decides whether the signed-in person may read private content, from the database and the clock,
/// once per request (scoped): an active Editor or Admin, or an active account whose active
/// collectivity has a membership period covering today (Paris time). Nothing is taken from the cookie
/// but the user id, so a lapsed membership, a deactivated account or a removed role takes effect on
/// the very next request.
/// </summary>
public sealed class PrivateAccessEvaluator(AppDbContext db, TimeProvider clock)
{
    private readonly Dictionary<string, bool> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> _roleDecisions = new(StringComparer.Ordinal);

    public async Task<bool> HasPrivateAccessAsync(ClaimsPrincipal user)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null)
        {
            return false;
        }

        if (_decisions.TryGetValue(userId, out var known))
        {
            return known;
        }

        var today = clock.Today();
        var staffRoles = new[] { Roles.Editor, Roles.Admin };
        var decision = await db.Users
            .Where(u => u.Id == userId && u.IsActive)
            .Select(u =>
                db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && staffRoles.Contains(r.Name!)))
                || (u.Collectivity != null
                    && u.Collectivity.IsActive
                    && u.Collectivity.Memberships.Any(p => p.StartsOn <= today && p.EndsOn >= today)))
            .SingleOrDefaultAsync();

        _decisions[userId] = decision;
        return decision;
    }

    /// <summary>Whether the signed-in person's account is active and has one of these roles now (not as the cookie remembers).</summary>
    /// <remarks>Asked once per request and set of roles (the policy, the two-factor filter and the layout all ask).</remarks>
    public async Task<bool> HasRoleNowAsync(ClaimsPrincipal user, IReadOnlyCollection<string> roles)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null)
        {
            return false;
        }

        var key = userId + "\n" + string.Join(',', roles.Order(StringComparer.Ordinal));
        if (_roleDecisions.TryGetValue(key, out var known))
        {
            return known;
        }

        var decision = await db.Users
            .Where(u => u.Id == userId && u.IsActive)
            .AnyAsync(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && roles.Contains(r.Name!))));
        _roleDecisions[key] = decision;
        return decision;
    }
}
