using Microsoft.AspNetCore.Identity;

namespace RtesResources.Web.Domain;

/// <summary>An account. Collectivity membership and roles arrive with member access.</summary>
public class AppUser : IdentityUser
{
}
