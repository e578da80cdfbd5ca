namespace RtesResources.Web.Domain;

/// <summary>A paid membership, from its first day to its last day, both included.</summary>
public class MembershipPeriod
{
    public int Id { get; set; }
    public int CollectivityId { get; set; }
    public Collectivity Collectivity { get; set; } = null!;

    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }

    public DateTime CreatedAt { get; set; }

    public bool Covers(DateOnly day) => StartsOn <= day && day <= EndsOn;
}
