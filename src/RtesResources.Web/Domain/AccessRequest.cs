namespace RtesResources.Web.Domain;

public enum AccessRequestStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>"Demander un accès": a person of a collectivity asks for an account; an admin decides.</summary>
public class AccessRequest
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string FullName { get; set; }
    public required string CollectivityName { get; set; }
    public string? JobTitle { get; set; }
    public string? Message { get; set; }

    public AccessRequestStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionMessage { get; set; }

    /// <summary>The account created when the request was approved.</summary>
    public string? UserId { get; set; }
}
