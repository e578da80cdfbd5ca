namespace RtesResources.Web.Features.Statistics;

/// <summary>Section "Statistics": how often counts are written and how long the counts that name a collectivity or a search are kept.</summary>
public sealed class StatisticsOptions
{
    public const string SectionName = "Statistics";

    /// <summary>How often the counts buffered in memory are written to the database.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Private downloads per collectivity and searches without result older than this are purged.</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>
    /// Visitors remembered per day to count a repeated view once. Past it, views are counted without
    /// that check rather than memory growing without bound (a flood of addresses).
    /// </summary>
    public int MaxVisitorsPerDay { get; set; } = 500_000;
}
