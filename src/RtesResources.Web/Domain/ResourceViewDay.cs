namespace RtesResources.Web.Domain;

/// <summary>How many visitors read a resource's page on a day (Paris time): a count, never who.</summary>
public class ResourceViewDay
{
    public int ResourceId { get; set; }
    public Resource Resource { get; set; } = null!;
    public DateOnly Day { get; set; }
    public int Count { get; set; }
}
