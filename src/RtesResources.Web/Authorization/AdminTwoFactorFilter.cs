using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using RtesResources.Web.Controllers;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Authorization;

/// <summary>
/// Two-factor authentication is required for Admins: until they enable it, every page but the
/// account pages sends them to the authenticator set-up. Who is an Admin comes from the database
/// (the AdminOnly policy), so a newly promoted Admin is sent there on the next request.
/// </summary>
public sealed class AdminTwoFactorFilter(UserManager<AppUser> users, IAuthorizationService authorization) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true
            && context.Controller is not AccountController and not ErrorsController
            && await users.GetUserAsync(user) is { TwoFactorEnabled: false }
            && await authorization.IsAdminAsync(user))
        {
            context.Result = new RedirectResult("/compte/double-authentification");
            return;
        }

        await next();
    }
}
