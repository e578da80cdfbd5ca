using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using RtesResources.Web.Controllers;

namespace RtesResources.Web.Authorization;

/// <summary>
/// Two-factor authentication is required for Admins: until they enable it, every page but the
/// account pages sends them to the authenticator set-up. Who is an Admin, and whether two-factor is
/// on, come from the database through the request's one <see cref="PrivateAccessEvaluator"/> query,
/// so a newly promoted Admin is sent there on the next request and no other page pays a query for it.
/// </summary>
public sealed class AdminTwoFactorFilter(PrivateAccessEvaluator people) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var user = context.HttpContext.User;
        if (user.Identity?.IsAuthenticated == true
            && context.Controller is not AccountController and not ErrorsController
            && await people.MustSetUpTwoFactorAsync(user))
        {
            context.Result = new RedirectResult("/compte/double-authentification");
            return;
        }

        await next();
    }
}
