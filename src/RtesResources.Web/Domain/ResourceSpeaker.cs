namespace RtesResources.Web.Domain;

/// <summary>
/// A speaker's part in one resource. People change roles (a vice-president becomes president), so
/// the role and organisation they held at that event are kept here and win over the speaker's current ones.
/// </summary>
public class ResourceSpeaker
{
    public int ResourceId { get; set; }
    public Resource Resource { get; set; } = null!;

    public int SpeakerId { get; set; }
    public Speaker Speaker { get; set; } = null!;

    public int Position { get; set; }
    public string? Role { get; set; }
    public string? Organisation { get; set; }
}
