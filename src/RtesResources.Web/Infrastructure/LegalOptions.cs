namespace RtesResources.Web.Infrastructure;

/// <summary>
/// What the legal pages say about who publishes and who hosts the site (section "Legal"). These are
/// facts about a deployment, not about the code: they change with the host or the board, without a release.
/// </summary>
public sealed class LegalOptions
{
    public const string SectionName = "Legal";

    /// <summary>The association's postal address; omitted from the page when empty.</summary>
    public string? PublisherAddress { get; set; }

    /// <summary>The director of publication's name; a neutral wording ("la présidence de l'association") when empty.</summary>
    public string? PublicationDirector { get; set; }

    /// <summary>The address where visitors report an accessibility problem or ask about their data.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>The RTES's own site, whose contact page is the fallback contact.</summary>
    public string WebsiteUrl { get; set; } = "https://www.rtes.fr/";

    /// <summary>The host's name (company or service); a neutral wording when empty.</summary>
    public string? HostName { get; set; }

    /// <summary>The host's postal address, and its telephone or site.</summary>
    public string? HostAddress { get; set; }

    public string? HostContact { get; set; }
}
