namespace RtesResources.Web.Features.Api;

/// <summary>The read API's limits (section "Api").</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Requests per minute and client address; beyond, a 429 in French.</summary>
    public int RequestsPerMinute { get; set; } = 120;

    /// <summary>How long browsers and shared caches may keep an answer without private content.</summary>
    public int PublicMaxAgeSeconds { get; set; } = 60;
}
