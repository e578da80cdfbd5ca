namespace RtesResources.Web.Features.Caching;

/// <summary>How long an anonymous page is kept in the output cache (section "PageCache").</summary>
public sealed class PageCacheOptions
{
    public const string SectionName = "PageCache";

    /// <summary>Upper bound of a page's lifetime; 0 turns page caching off.</summary>
    public int Minutes { get; set; } = 10;
}
