using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
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
    // Compiled once per model (a compiled query serves one model only; tests run several): every request
    // of a signed-in person runs it. Roles are flags (EXISTS), not a nested list: a collection in a
    // projection made EF build new methods at each execution, which the JIT then compiled for as long
    // as the site served members.
    private static readonly ConditionalWeakTable<IModel, Func<AppDbContext, string, DateOnly, Task<PersonNow?>>> PersonNowQueries = [];

    private static Func<AppDbContext, string, DateOnly, Task<PersonNow?>> CompilePersonNow(IModel model) => EF.CompileAsyncQuery(
        (AppDbContext db, string userId, DateOnly today) => db.Users
            .Where(u => u.Id == userId && u.IsActive)
            .Select(u => new PersonNow(
                db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Member)),
                db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Editor)),
                db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin)),
                u.Collectivity != null
                    && u.Collectivity.IsActive
                    && u.Collectivity.Memberships.Any(p => p.StartsOn <= today && p.EndsOn >= today),
                u.TwoFactorEnabled))
            .SingleOrDefault());

    // What the database says of each person now, read once per request: the access policy, the staff
    // and admin policies, the two-factor filter and the layout all ask, and one query answers them all.
    private readonly Dictionary<string, PersonNow?> _people = new(StringComparer.Ordinal);

    public async Task<bool> HasPrivateAccessAsync(ClaimsPrincipal user) =>
        await NowAsync(user) is { } person && (person.IsEditor || person.IsAdmin || person.IsCurrentMember);

    /// <summary>Whether the signed-in person's account is active and has one of these roles now (not as the cookie remembers).</summary>
    public async Task<bool> HasRoleNowAsync(ClaimsPrincipal user, IReadOnlyCollection<string> roles) =>
        await NowAsync(user) is { } person && roles.Any(person.Has);

    /// <summary>An active Admin whose account has no two-factor authentication yet: they must set it up before anything else.</summary>
    public async Task<bool> MustSetUpTwoFactorAsync(ClaimsPrincipal user) =>
        await NowAsync(user) is { TwoFactorEnabled: false, IsAdmin: true };

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

        var query = PersonNowQueries.GetValue(db.Model, CompilePersonNow);
        var person = await query(db, userId, clock.Today());
        _people[userId] = person;
        return person;
    }

    private sealed record PersonNow(bool IsMember, bool IsEditor, bool IsAdmin, bool IsCurrentMember, bool TwoFactorEnabled)
    {
        /// <summary>The application's roles only (<see cref="Roles"/>): any other name is held by no one.</summary>
        public bool Has(string role) => role switch
        {
            Roles.Member => IsMember,
            Roles.Editor => IsEditor,
            Roles.Admin => IsAdmin,
            _ => false,
        };
    }
}
