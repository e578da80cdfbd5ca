using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RtesResources.Web.Features.Statistics;

/// <summary>
/// Recognises a visitor coming back to the same page on the same day without storing who they are:
/// an HMAC of address, user agent and page, under a random key drawn in memory for the day and
/// dropped with the day's hashes when the day changes. Neither the key nor a hash is ever written,
/// so nothing links two days or leads back to an address once the day is over.
/// </summary>
public sealed class VisitorKeys(IOptions<StatisticsOptions> options)
{
    private readonly Lock _lock = new();
    private DateOnly _day;
    private byte[] _key = [];
    private ConcurrentDictionary<UInt128, byte> _seen = new();

    /// <summary>True the first time this visitor asks for this subject on this day.</summary>
    public bool IsFirstToday(HttpContext context, string subject, DateOnly day)
    {
        var (key, seen) = ForDay(day);
        if (seen.Count >= options.Value.MaxVisitorsPerDay)
        {
            return true;
        }

        var text = $"{context.Connection.RemoteIpAddress}\n{context.Request.Headers.UserAgent}\n{subject}";
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text));
        return seen.TryAdd(new UInt128(BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8)), 0);
    }

    private (byte[] Key, ConcurrentDictionary<UInt128, byte> Seen) ForDay(DateOnly day)
    {
        lock (_lock)
        {
            if (day != _day)
            {
                // A new key each day: yesterday's hashes could not be recomputed even if they were kept.
                _day = day;
                _key = RandomNumberGenerator.GetBytes(32);
                _seen = new ConcurrentDictionary<UInt128, byte>();
            }

            return (_key, _seen);
        }
    }
}
