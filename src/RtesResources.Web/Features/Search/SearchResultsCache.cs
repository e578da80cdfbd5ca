using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Lucene.Net.Index;
using Microsoft.Extensions.Options;
using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// Recent catalogue results (page, counts and passages) for one state of the index, as Solr's query
/// result cache does, for viewers with private access (members and staff), whose pages the page cache
/// never keeps. A result depends only on the request and on whether the viewer may read private
/// content, never on who the viewer is, so members share entries the way anonymous visitors share
/// cached pages. Entries belong to one index reader: a change to the index (from this instance or
/// another) opens a new reader and starts an empty cache. An entry also ends at the next scheduled
/// publication after it was computed, so a resource appears at its time without any change.
/// </summary>
public sealed class SearchResultsCache(IOptions<SearchOptions> options)
{
    // Process-wide, so that no two kept results share a generation, whichever cache kept them.
    private static long s_lastGeneration;

    private Generation _current = new(new WeakReference<IndexReader>(null!), new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal));

    /// <summary>The cached results for this request on this reader, if still valid at this moment.</summary>
    public CatalogueResults? Find(IndexReader reader, IndexSearchRequest request)
    {
        var generation = Volatile.Read(ref _current);
        if (!generation.Belongs(reader)
            || !generation.Entries.TryGetValue(KeyOf(request), out var entry)
            || request.Criteria.Now.Ticks >= entry.ValidBeforeTicks)
        {
            return null;
        }

        return entry.Results;
    }

    /// <summary>
    /// Keeps the results computed on this reader until the given moment (ticks, UTC). Returns them as
    /// kept, with a <see cref="CatalogueResults.Generation"/> of their own, or unchanged when not kept.
    /// </summary>
    public CatalogueResults Add(IndexReader reader, IndexSearchRequest request, CatalogueResults results, long validBeforeTicks)
    {
        var capacity = options.Value.ResultCacheEntries;
        // Results without private access are the anonymous pages', which the page cache keeps whole:
        // keeping them here too would hold the same text twice.
        if (capacity <= 0 || !request.Criteria.CanReadPrivate)
        {
            return results;
        }

        var generation = Volatile.Read(ref _current);
        if (!generation.Belongs(reader))
        {
            // Another reader than the cache's: start afresh. A search that began before a change and
            // ends after it may put its reader back for a moment; its entries then serve only
            // searches on that same reader, which are as old as it is.
            var fresh = new Generation(new WeakReference<IndexReader>(reader), new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal));
            Interlocked.CompareExchange(ref _current, fresh, generation);
            generation = Volatile.Read(ref _current);
            if (!generation.Belongs(reader))
            {
                return results;
            }
        }

        // Bounded: a burst of distinct searches empties it rather than growing it.
        if (generation.Entries.Count >= capacity)
        {
            generation.Entries.Clear();
        }

        var kept = results with { Generation = Interlocked.Increment(ref s_lastGeneration) };
        generation.Entries[KeyOf(request)] = new Entry(kept, validBeforeTicks);
        return kept;
    }

    /// <summary>Everything that decides a result, nothing about the viewer but private access.</summary>
    internal static string KeyOf(IndexSearchRequest request)
    {
        var criteria = request.Criteria;
        var key = new StringBuilder(96);
        key.Append(criteria.CanReadPrivate ? 'P' : 'p')
            .Append('|').Append(criteria.KindId)
            .Append('|').Append(criteria.CategoryId)
            .Append('|').Append(criteria.Year)
            .Append('|').Append(criteria.Access)
            .Append('|').Append(criteria.SpeakerId)
            .Append('|').Append(criteria.SeriesId)
            .Append('|').Append(request.Sort)
            .Append('|').Append(request.Page.ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(request.PageSize.ToString(CultureInfo.InvariantCulture))
            .Append('|').Append(request.Query.Typed ? 'T' : 't');
        AppendQuery(key, request.Query);
        return key.ToString();
    }

    /// <summary>The words, phrases and exclusions, each length-prefixed.</summary>
    internal static void AppendQuery(StringBuilder key, SearchQuery query)
    {
        Append(key, 'w', query.Words);
        Append(key, 'f', query.Phrases);
        Append(key, 'x', query.Excluded);
    }

    private static void Append(StringBuilder key, char part, IReadOnlyList<string> values)
    {
        key.Append('\u001e').Append(part);
        foreach (var value in values)
        {
            // Length first: no character typed into a word can make two different requests one key.
            key.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
        }
    }

    /// <summary>The entries of one reader, held weakly: a closed reader is not kept alive by its cache.</summary>
    private sealed record Generation(WeakReference<IndexReader> Reader, ConcurrentDictionary<string, Entry> Entries)
    {
        public bool Belongs(IndexReader reader) => Reader.TryGetTarget(out var own) && ReferenceEquals(own, reader);
    }

    private sealed record Entry(CatalogueResults Results, long ValidBeforeTicks);
}
