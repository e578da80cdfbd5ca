namespace RtesResources.Web.Domain;

/// <summary>One save of a resource: who, when, which fields changed, and the whole content as saved (JSON).</summary>
public class ResourceRevision
{
    public int Id { get; set; }
    public int ResourceId { get; set; }
    public Resource Resource { get; set; } = null!;

    public int Number { get; set; }
    public DateTime SavedAt { get; set; }
    public string? SavedByUserId { get; set; }
    public required string SavedByName { get; set; }

    /// <summary>French labels of the changed fields, separated by ", "; "Création" for the first version.</summary>
    public required string ChangedFields { get; set; }

    public required string SnapshotJson { get; set; }

    /// <summary>
    /// The number of the revision that records a resource as it is at this <see cref="Resource.Version"/>:
    /// numbers start at 1 where versions start at 0, so that the version a form was opened at finds
    /// the revision it started from, and the latest revision is the current version's.
    /// </summary>
    public static int NumberFor(int version) => version + 1;
}
