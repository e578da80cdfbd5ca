using Microsoft.AspNetCore.Identity;

namespace RtesResources.Web.Domain;

/// <summary>
/// An account. Members belong to a collectivity; RTES staff (editors, admins) belong to none.
/// Accounts are created by an admin or the CLI and activated from a single-use invitation link.
/// </summary>
public class AppUser : IdentityUser
{
    public string? FullName { get; set; }

    public int? CollectivityId { get; set; }
    public Collectivity? Collectivity { get; set; }

    /// <summary>A deactivated account cannot sign in and loses private access on its next request.</summary>
    public bool IsActive { get; set; } = true;

    public DateTime CreatedAt { get; set; }

    /// <summary>When "Mon espace" was last opened: private resources added since are listed there.</summary>
    public DateTime? LastVisitAt { get; set; }

    /// <summary>The person asked for their account and data to be deleted; an admin carries it out.</summary>
    public DateTime? DeletionRequestedAt { get; set; }
}
