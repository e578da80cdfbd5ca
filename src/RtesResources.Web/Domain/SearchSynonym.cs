namespace RtesResources.Web.Domain;

/// <summary>
/// A group of words and expressions that mean the same to a searcher ("SCIC" and "société coopérative
/// d'intérêt collectif"): a search for any of them finds the others. Editors keep the list.
/// </summary>
public class SearchSynonym : IHasTimestamps
{
    public const int TermsMaxLength = 1000;

    public int Id { get; set; }

    /// <summary>The equivalent terms, separated by commas.</summary>
    public required string Terms { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public IReadOnlyList<string> TermList =>
        Terms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
