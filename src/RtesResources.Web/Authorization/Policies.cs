using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace RtesResources.Web.Authorization;

public static class Roles
{
    public const string Member = "Member";
    public const string Editor = "Editor";
    public const string Admin = "Admin";
}

public static class Policies
{
    /// <summary>
    /// May read the body, links and files of private resources: active staff, or an active member
    /// of a collectivity whose membership covers today (PrivateAccessEvaluator).
    /// </summary>
    public const string ReadPrivateContent = "ReadPrivateContent";

    /// <summary>The back-office: an active Editor or Admin, checked against the database on every request.</summary>
    public const string Staff = "Staff";

    /// <summary>Member management and purging the bin: an active Admin, checked against the database.</summary>
    public const string AdminOnly = "AdminOnly";

    /// <summary>A signed-in, active account: "Mon espace" and the account pages.</summary>
    public const string SignedIn = "SignedIn";

    public static AuthorizationOptions AddAppPolicies(this AuthorizationOptions options)
    {
        // Secure by default: every endpoint needs a signed-in user unless it opts out with [AllowAnonymous].
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(ReadPrivateContent, policy => policy.RequireAuthenticatedUser().AddRequirements(new PrivateContentRequirement()));
        options.AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser());
        options.AddPolicy(Staff, policy => policy.RequireAuthenticatedUser().AddRequirements(new CurrentRoleRequirement(Roles.Editor, Roles.Admin)));
        options.AddPolicy(AdminOnly, policy => policy.RequireAuthenticatedUser().AddRequirements(new CurrentRoleRequirement(Roles.Admin)));
        return options;
    }

    /// <summary>
    /// Whether the person is staff now, by the Staff policy of /admin (roles read from the database,
    /// never from the cookie). Anonymous visitors cost no query.
    /// </summary>
    public static async Task<bool> IsStaffAsync(this IAuthorizationService authorization, ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, Staff)).Succeeded;

    /// <summary>Whether the person is an active Admin now, by the AdminOnly policy (from the database).</summary>
    public static async Task<bool> IsAdminAsync(this IAuthorizationService authorization, ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (await authorization.AuthorizeAsync(user, AdminOnly)).Succeeded;
}
