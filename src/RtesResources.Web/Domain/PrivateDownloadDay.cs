namespace RtesResources.Web.Domain;

/// <summary>
/// Private files downloaded by the members of a collectivity on a day: per collectivity, never per
/// person, and purged after a year (docs/privacy.md).
/// </summary>
public class PrivateDownloadDay
{
    public int CollectivityId { get; set; }
    public Collectivity Collectivity { get; set; } = null!;
    public DateOnly Day { get; set; }
    public int Count { get; set; }
}
