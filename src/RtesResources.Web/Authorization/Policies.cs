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
    /// May read the body, links and files of private resources. Staff roles have it; member
    /// collectivities' agents get it from their membership with the member-access work.
    /// </summary>
    public const string ReadPrivateContent = "ReadPrivateContent";

    public static AuthorizationOptions AddAppPolicies(this AuthorizationOptions options)
    {
        // Secure by default: every endpoint needs a signed-in user unless it opts out with [AllowAnonymous].
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(ReadPrivateContent, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Editor, Roles.Admin));
        return options;
    }
}
