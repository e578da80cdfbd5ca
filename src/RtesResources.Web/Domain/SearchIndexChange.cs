namespace RtesResources.Web.Domain;

/// <summary>
/// One change to what the search index holds, written in the same transaction as the change itself.
/// Every process of the site applies these rows to its own index, in order: the table is the queue,
/// so a process that stops halfway loses nothing.
/// </summary>
public class SearchIndexChange
{
    public long Id { get; set; }

    /// <summary>The resource to re-read and re-index (set through the navigation for a resource not yet saved).</summary>
    public int? ResourceId { get; set; }
    public Resource? Resource { get; set; }

    /// <summary>A purged resource: its id, kept without a foreign key since the row is gone.</summary>
    public int? RemovedResourceId { get; set; }

    /// <summary>
    /// A change that touches many resources: "kind:3", "category:5", "speaker:7", "series:2" (every
    /// resource with that term is re-indexed) or "synonyms" (the whole index is rebuilt).
    /// </summary>
    public string? Scope { get; set; }

    public DateTime CreatedAt { get; set; }
}
