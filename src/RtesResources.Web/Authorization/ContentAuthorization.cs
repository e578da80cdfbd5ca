using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace RtesResources.Web.Authorization;

/// <summary>Something that is either public or for members only: a resource, an attachment.</summary>
public interface IPrivacyAware
{
    bool IsPrivate { get; }
}

public static class ContentOperations
{
    public static readonly OperationAuthorizationRequirement Read = new() { Name = nameof(Read) };
}

/// <summary>The requirement behind the ReadPrivateContent policy: may read members-only content in general.</summary>
public sealed class PrivateContentRequirement : IAuthorizationRequirement;

public sealed class PrivateContentAuthorizationHandler(PrivateAccessEvaluator evaluator) : AuthorizationHandler<PrivateContentRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PrivateContentRequirement requirement)
    {
        if (await evaluator.HasPrivateAccessAsync(context.User))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Resource-based: reading a given item. Public items are for everyone; private ones need private access.</summary>
public sealed class ContentReadAuthorizationHandler(PrivateAccessEvaluator evaluator)
    : AuthorizationHandler<OperationAuthorizationRequirement, IPrivacyAware>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement, IPrivacyAware resource)
    {
        if (requirement.Name != ContentOperations.Read.Name)
        {
            return;
        }

        if (!resource.IsPrivate || await evaluator.HasPrivateAccessAsync(context.User))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>A role the account holds now, read from the database: a demoted or deactivated editor is refused at once.</summary>
public sealed class CurrentRoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyCollection<string> Roles { get; } = roles;
}

public sealed class CurrentRoleAuthorizationHandler(PrivateAccessEvaluator evaluator) : AuthorizationHandler<CurrentRoleRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CurrentRoleRequirement requirement)
    {
        if (await evaluator.HasRoleNowAsync(context.User, requirement.Roles))
        {
            context.Succeed(requirement);
        }
    }
}
