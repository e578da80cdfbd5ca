using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace RtesResources.Web.Authorization;

/// <summary>Asks, on each request, whether the current user may read private content.</summary>
public sealed class PrivateContentAccess(IAuthorizationService authorization)
{
    public async Task<bool> CanReadAsync(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        var result = await authorization.AuthorizeAsync(user, Policies.ReadPrivateContent);
        return result.Succeeded;
    }
}
