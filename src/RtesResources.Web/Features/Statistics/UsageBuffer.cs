using System.Collections.Concurrent;

namespace RtesResources.Web.Features.Statistics;

public enum UsageCounter
{
    /// <summary>Subject: the resource's slug as requested (resolved to the resource when written).</summary>
    View,

    /// <summary>Subject: the attachment's id.</summary>
    Download,

    /// <summary>Subject: the collectivity's id.</summary>
    PrivateDownload,

    /// <summary>Subject: the folded search text; the day is the Monday of its ISO week.</summary>
    UnfoundSearch,
}

public readonly record struct UsageKey(UsageCounter Counter, DateOnly Day, string Subject);

/// <summary>
/// Counts kept in memory between two writes (<see cref="UsageWriter"/>): a page only adds one to a
/// counter, the database is written in batches in the background.
/// </summary>
public sealed class UsageBuffer
{
    private readonly ConcurrentDictionary<UsageKey, int> _counts = new();

    public void Add(UsageKey key, int count = 1) => _counts.AddOrUpdate(key, count, (_, n) => n + count);

    public bool IsEmpty => _counts.IsEmpty;

    /// <summary>
    /// Takes every count out. Each key is removed on its own, so that a count added meanwhile starts a
    /// new entry for the next write instead of being lost.
    /// </summary>
    public IReadOnlyList<KeyValuePair<UsageKey, int>> Drain()
    {
        var taken = new List<KeyValuePair<UsageKey, int>>();
        foreach (var key in _counts.Keys)
        {
            if (_counts.TryRemove(key, out var count))
            {
                taken.Add(new(key, count));
            }
        }

        return taken;
    }
}
