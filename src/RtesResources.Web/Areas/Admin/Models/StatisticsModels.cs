using Microsoft.AspNetCore.Mvc;

namespace RtesResources.Web.Areas.Admin.Models;

/// <summary>The statistics screen's query string, read leniently (strings only): parsing and its French errors are the service's.</summary>
public sealed class StatisticsQuery
{
    [ModelBinder(Name = "du")]
    public string? Du { get; set; }

    [ModelBinder(Name = "au")]
    public string? Au { get; set; }
}

/// <summary>A resource, file or collectivity with its count over the period.</summary>
public sealed record RankedCount(string Label, string? Detail, int Count, int? ResourceId);

public sealed record ChartRow(string Label, IReadOnlyList<int> Values);

/// <summary>A bar chart drawn in SVG on the server, and the same numbers as a table.</summary>
public sealed record BarChart(string Id, string Title, string RowHeader, IReadOnlyList<string> Series, IReadOnlyList<ChartRow> Rows)
{
    public int Max => Rows.Count == 0 ? 0 : Rows.Max(r => r.Values.DefaultIfEmpty(0).Max());
}

public sealed record UnfoundSearchRow(string Text, int Count, int Weeks, DateOnly LastWeek);

public sealed class StatisticsViewModel
{
    public required StatisticsQuery Query { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required IReadOnlyList<string> Errors { get; init; }
    public required int TotalViews { get; init; }
    public required int TotalDownloads { get; init; }
    public required IReadOnlyList<RankedCount> MostViewed { get; init; }
    public required IReadOnlyList<RankedCount> MostDownloaded { get; init; }
    public required BarChart ByMonth { get; init; }
    public required BarChart ByKind { get; init; }
    public required IReadOnlyList<UnfoundSearchRow> UnfoundSearches { get; init; }
    public required IReadOnlyList<RankedCount> PrivateDownloads { get; init; }
}
