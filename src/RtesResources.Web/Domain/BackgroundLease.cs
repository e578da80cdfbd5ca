namespace RtesResources.Web.Domain;

/// <summary>
/// A piece of background work that one instance of the site does at a time (a purge): the instance
/// that holds the row until <see cref="ExpiresAt"/> does it; the others skip it. A stopped instance's
/// lease runs out, and a stopping one deletes its own (BackgroundLeases).
/// </summary>
public class BackgroundLease
{
    public const int NameMaxLength = 100;
    public const int HolderMaxLength = 200;

    public string Name { get; set; } = "";

    /// <summary>The instance holding it (InstanceIdentity).</summary>
    public string Holder { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}
