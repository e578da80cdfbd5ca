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
    private static readonly string[] StaffRoles = [Roles.Editor, Roles.Admin];

    // What the database says of each person now, read once per request: the access policy, the staff
    // and admin policies, the two-factor filter and the layout all ask, and one query answers them all.
    private readonly Dictionary<string, PersonNow?> _people = new(StringComparer.Ordinal);

    public async Task<bool> HasPrivateAccessAsync(ClaimsPrincipal user) =>
        await NowAsync(user) is { } person && (person.Roles.Any(StaffRoles.Contains) || person.IsCurrentMember);

    /// <summary>Whether the signed-in person's account is active and has one of these roles now (not as the cookie remembers).</summary>
    public async Task<bool> HasRoleNowAsync(ClaimsPrincipal user, IReadOnlyCollection<string> roles) =>
        await NowAsync(user) is { } person && person.Roles.Any(roles.Contains);

    /// <summary>An active Admin whose account has no two-factor authentication yet: they must set it up before anything else.</summary>
    public async Task<bool> MustSetUpTwoFactorAsync(ClaimsPrincipal user) =>
        await NowAsync(user) is { TwoFactorEnabled: false } person && person.Roles.Contains(Roles.Admin);

    /// <summary>The person's roles and membership today, or null when signed out or the account is not active.</summary>
    private async Task<PersonNow?> NowAsync(ClaimsPrincipal user)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        if (userId is null)
        {
            return null;
        }

        if (_people.TryGetValue(userId, out var known))
        {
            return known;
        }

        var today = clock.Today();
        var person = await db.Users
            .Where(u => u.Id == userId && u.IsActive)
            .Select(u => new PersonNow(
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToList(),
                u.Collectivity != null
                    && u.Collectivity.IsActive
                    && u.Collectivity.Memberships.Any(p => p.StartsOn <= today && p.EndsOn >= today),
                u.TwoFactorEnabled))
            .SingleOrDefaultAsync();

        _people[userId] = person;
        return person;
    }

    private sealed record PersonNow(List<string> Roles, bool IsCurrentMember, bool TwoFactorEnabled);
}
