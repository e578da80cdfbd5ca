using System.Collections.Concurrent;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Statistics;

/// <summary>The outcome of a catalogue search as its page was rendered: its folded text and how many resources it found.</summary>
public sealed record SearchOutcome(string Text, int Found);

/// <summary>
/// Turns a request into counts in <see cref="UsageBuffer"/>: one per visitor, subject and day
/// (<see cref="VisitorKeys"/>), on the Paris calendar. Nothing about the visitor is kept.
/// </summary>
public sealed class UsageRecorder(UsageBuffer buffer, VisitorKeys visitors, TimeProvider clock)
{
    /// <summary>Set by an action whose page must not count (a staff preview of an unpublished resource).</summary>
    public const string NotCountedItem = "rtes.usage.not-counted";

    /// <summary>Set by the catalogue to a <see cref="SearchOutcome"/> when it renders a search.</summary>
    public const string SearchOutcomeItem = "rtes.usage.search";

    private const int RememberedSearches = 10_000;

    // Catalogue addresses (query sorted) whose rendered page found nothing, with their folded text:
    // a page served from the output cache runs no action, and is recognised here instead.
    private readonly ConcurrentDictionary<string, string> _unfoundPages = new(StringComparer.Ordinal);

    public void RecordView(HttpContext context, string slug)
    {
        var today = clock.Today();
        if (visitors.IsFirstToday(context, "r:" + slug, today))
        {
            buffer.Add(new UsageKey(UsageCounter.View, today, slug));
        }
    }

    /// <summary>Counts a download of a file, and for a private file the collectivity of the member, if any.</summary>
    public void RecordDownload(HttpContext context, Guid attachmentId, int? collectivityId)
    {
        var today = clock.Today();
        if (visitors.IsFirstToday(context, "f:" + attachmentId.ToString("N"), today))
        {
            buffer.Add(new UsageKey(UsageCounter.Download, today, attachmentId.ToString("D")));
            if (collectivityId is int collectivity)
            {
                buffer.Add(new UsageKey(UsageCounter.PrivateDownload, today, collectivity.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    /// <summary>Counts a catalogue page that searched and found nothing, rendered now or served from the cache.</summary>
    public void RecordSearch(HttpContext context)
    {
        var address = PageAddress(context.Request);
        string? unfound;
        if (context.Items[SearchOutcomeItem] is SearchOutcome outcome)
        {
            unfound = outcome.Found == 0 ? outcome.Text : null;
            if (unfound is null)
            {
                _unfoundPages.TryRemove(address, out _);
            }
            else
            {
                if (_unfoundPages.Count >= RememberedSearches)
                {
                    _unfoundPages.Clear();
                }

                _unfoundPages[address] = unfound;
            }
        }
        else
        {
            _unfoundPages.TryGetValue(address, out unfound);
        }

        var today = clock.Today();
        if (unfound is not null && visitors.IsFirstToday(context, "q:" + unfound, today))
        {
            buffer.Add(new UsageKey(UsageCounter.UnfoundSearch, WeekStart(today), unfound));
        }
    }

    /// <summary>The Monday of the ISO week of a day.</summary>
    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The words of a search as counted: folded, one space apart, cut to the column's length.</summary>
    public static string? CountedText(IReadOnlyList<string> foldedWords)
    {
        var text = string.Join(' ', foldedWords);
        return text.Length == 0 ? null : text[..Math.Min(text.Length, UnfoundSearchWeek.TextMaxLength)].TrimEnd();
    }

    /// <summary>Whether a download starts at the first byte: a range request continuing a download is not a new one.</summary>
    public static bool StartsADownload(HttpRequest request)
    {
        var range = request.Headers.Range;
        if (StringValues.IsNullOrEmpty(range))
        {
            return true;
        }

        // An unreadable range is ignored by the file result, which then sends the whole file.
        return !RangeHeaderValue.TryParse(range.ToString(), out var parsed) || parsed.Ranges.FirstOrDefault()?.From is null or 0;
    }

    private static string PageAddress(HttpRequest request) =>
        string.Join('&', request.Query
            .OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => p.Key.ToUpperInvariant() + "=" + p.Value.ToString()));
}
