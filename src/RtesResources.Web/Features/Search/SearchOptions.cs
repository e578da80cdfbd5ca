namespace RtesResources.Web.Features.Search;

public sealed class SearchOptions
{
    public const string SectionName = "Search";

    /// <summary>
    /// The folder of this process's index; relative paths are under the content root. Never under
    /// wwwroot. Each instance of the site needs its own folder: the index is rebuilt from the database.
    /// </summary>
    public string IndexPath { get; set; } = "App_Data/index";

    /// <summary>How often the change table is read for changes made by other processes.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long change rows are kept; an index last updated before that is rebuilt.</summary>
    public TimeSpan ChangeRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How many recent catalogue results (a page with its counts and passages) are kept for the current
    /// state of the index; 0 turns the cache off. An entry is a few tens of kilobytes.
    /// </summary>
    public int ResultCacheEntries { get; set; } = 1000;

    /// <summary>
    /// How many matched documents (8 bytes each) the matches of recent searches may hold for the
    /// current state of the index, so that filtering, sorting or paging a search does not run its
    /// words again; 0 turns this off.
    /// </summary>
    public int MatchCacheDocuments { get; set; } = 500_000;

    /// <summary>
    /// How many new searches (words not seen on the current index) may run at once; 0 means one less
    /// than the processor count, at least one. The rest wait their turn, so that cached pages stay fast.
    /// </summary>
    public int ConcurrentNewSearches { get; set; }

    /// <summary>
    /// How many searches a starting process runs on its own index before it says it is ready, so that
    /// visitors' first searches do not pay for unoptimised code and cold files; 0 turns this off.
    /// </summary>
    public int WarmUpSearches { get; set; } = 300;

    /// <summary>The longest the start-up warm-up may take, whatever its count.</summary>
    public TimeSpan WarmUpTime { get; set; } = TimeSpan.FromSeconds(30);
}
