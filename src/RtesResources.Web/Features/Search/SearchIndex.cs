using System.Diagnostics;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// This process's Lucene index of the catalogue. The database is the source of truth: the index is
/// built from it, then kept up to date from the SearchIndexChanges table, which every save writes in
/// its own transaction. Each process reads that table on its own, so several instances each keep
/// their own index; and whatever stops halfway, the rows are still there to apply.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    /// <summary>Bump when fields or analysis change: an index with another stamp is rebuilt at start.</summary>
    public const string SchemaVersion = "5";

    private const string SchemaKey = "schema";
    private const string ChangeKey = "change";
    private const string UpdatedKey = "updated";
    private const int BatchSize = 500;
    private const int ChangeBatch = 5000;
    private const int RebuildAbove = 20_000;
    private const int RebuildBatchSize = 2000;
    private static readonly TimeSpan GapTimeout = TimeSpan.FromSeconds(15);

    private readonly SearchOptions _options;
    private readonly string _path;
    private readonly IServiceScopeFactory _scopes;
    private readonly MarkdownRenderer _markdown;
    private readonly TimeProvider _clock;
    private readonly ILogger<SearchIndex> _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SortedSet<long> _appliedAboveMark = [];

    private Lucene.Net.Store.Directory? _directory;
    private IndexWriter? _writer;
    private SearcherManager? _searchers;
    private FrenchSearchAnalyzer _analyzer = FrenchSearchAnalyzer.ForQueries;
    private long _mark;
    private DateTime? _gapSince;

    public SearchIndex(IOptions<SearchOptions> options, IWebHostEnvironment environment, IServiceScopeFactory scopes, MarkdownRenderer markdown, TimeProvider clock, ILogger<SearchIndex> logger)
    {
        _options = options.Value;
        _path = Path.GetFullPath(Path.Combine(environment.ContentRootPath, _options.IndexPath));
        _scopes = scopes;
        _markdown = markdown;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Raised after changes were applied: the resources whose documents changed (a full rebuild gives null).</summary>
    public event Action<IReadOnlyCollection<int>?>? Changed;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>The highest change row applied with every row before it.</summary>
    public long AppliedChangeId => Interlocked.Read(ref _mark);

    public string IndexPath => _path;

    /// <summary>Waits for the index to be ready, at most <paramref name="timeout"/>; false if it is not by then.</summary>
    public async Task<bool> WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (IsReady)
        {
            return true;
        }

        try
        {
            await _ready.Task.WaitAsync(timeout, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Opens the index, or rebuilds it when it is missing, unreadable, of another schema, or older than
    /// the change rows kept (or when <paramref name="rebuild"/> asks for it); then it is ready. A rebuild
    /// tells <paramref name="progress"/> how many resources it has indexed so far, after each batch.
    /// </summary>
    /// <returns>How many resources a rebuild indexed; null when the index on disk was kept.</returns>
    public async Task<int?> OpenAsync(CancellationToken cancellationToken, bool rebuild = false, IProgress<int>? progress = null)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            System.IO.Directory.CreateDirectory(_path);
            _directory = OpenDirectory(_path);
            var reason = rebuild ? "asked for" : ReasonToRebuild(_directory, out _mark) ?? await ReasonInDatabaseAsync(_mark, cancellationToken);
            _analyzer = await LoadAnalyzerAsync(cancellationToken);
            OpenWriter(create: reason is not null);
            int? count = null;
            if (reason is not null)
            {
                _logger.IndexNeedsRebuild(reason);
                count = await RebuildLockedAsync(cancellationToken, progress);
            }

            _ready.TrySetResult();
            return count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Rebuilds the whole index from the database; searches see the old index until it is done.</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            _analyzer = await LoadAnalyzerAsync(cancellationToken);
            var count = await RebuildLockedAsync(cancellationToken, null);
            _ready.TrySetResult();
            return count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Applies the change rows not applied yet; returns how many were.</summary>
    public async Task<int> ApplyChangesAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return 0;
        }

        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = await ChangesAfter(db, _mark).ToListAsync(cancellationToken);
            var fresh = rows.Where(r => !_appliedAboveMark.Contains(r.Id)).ToList();
            if (fresh.Count == 0)
            {
                AdvanceMark([]);
                return 0;
            }

            // A large import leaves tens of thousands of rows: reading everything once is faster than row by row.
            if (fresh.Any(r => r.Scope == SearchChangeScopes.All)
                || (rows.Count == ChangeBatch && await db.SearchIndexChanges.CountAsync(c => c.Id > _mark, cancellationToken) > RebuildAbove))
            {
                _analyzer = await LoadAnalyzerAsync(cancellationToken);
                await RebuildLockedAsync(cancellationToken, null);
                return fresh.Count;
            }

            var removed = fresh.Where(r => r.RemovedResourceId is not null).Select(r => r.RemovedResourceId!.Value).ToHashSet();
            var changed = fresh.Where(r => r.ResourceId is not null).Select(r => r.ResourceId!.Value).ToHashSet();
            foreach (var scope2 in fresh.Select(r => r.Scope).OfType<string>().Distinct())
            {
                changed.UnionWith(await ResourcesInScope(db, scope2).ToListAsync(cancellationToken));
            }

            foreach (var id in removed)
            {
                _writer.DeleteDocuments(SearchDocuments.IdTerm(id));
            }

            foreach (var chunk in changed.Except(removed).Chunk(BatchSize))
            {
                var loaded = (await SearchDocuments.LoadAsync(db, chunk, cancellationToken)).ToDictionary(r => r.Id);
                foreach (var id in chunk)
                {
                    if (loaded.TryGetValue(id, out var resource) && resource.BelongsInIndex)
                    {
                        _writer.UpdateDocument(SearchDocuments.IdTerm(id), SearchDocuments.ToDocument(resource, _markdown), _analyzer);
                    }
                    else
                    {
                        _writer.DeleteDocuments(SearchDocuments.IdTerm(id));
                    }
                }
            }

            AdvanceMark(fresh.Select(r => r.Id));
            Commit();
            Changed?.Invoke(changed.Union(removed).ToList());
            return fresh.Count;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Deletes change rows older than the retention: every process has applied them by then.</summary>
    public async Task<int> PruneChangesAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var before = _clock.GetUtcNow().UtcDateTime - _options.ChangeRetention;
        var newest = await db.SearchIndexChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        // The newest row stays, so that ids keep growing whatever the database does with deleted keys.
        return await db.SearchIndexChanges.Where(c => c.CreatedAt < before && c.Id < newest).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Runs a search on the current index. Throws if the index is not open.</summary>
    public T Search<T>(Func<IndexSearcher, T> search)
    {
        var searchers = _searchers ?? throw new InvalidOperationException("The search index is not open.");
        var searcher = searchers.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>The analyzer documents were indexed with (it knows the synonyms): highlighting uses it.</summary>
    public FrenchSearchAnalyzer DocumentAnalyzer => _analyzer;

    public void Dispose()
    {
        _searchers?.Dispose();
        _writer?.Dispose();
        _directory?.Dispose();
        _writeLock.Dispose();
    }

    private string? ReasonToRebuild(Lucene.Net.Store.Directory directory, out long mark)
    {
        mark = 0;
        try
        {
            if (!DirectoryReader.IndexExists(directory))
            {
                return "no index yet";
            }

            var data = DirectoryReader.ListCommits(directory)[^1].UserData;
            if (!data.TryGetValue(SchemaKey, out var schema) || schema != SchemaVersion)
            {
                return $"schema {schema ?? "none"}, expected {SchemaVersion}";
            }

            if (!data.TryGetValue(UpdatedKey, out var updatedText) || !long.TryParse(updatedText, CultureInfo.InvariantCulture, out var updatedTicks)
                || _clock.GetUtcNow().UtcDateTime - new DateTime(updatedTicks, DateTimeKind.Utc) > _options.ChangeRetention)
            {
                return "older than the change rows kept";
            }

            if (!data.TryGetValue(ChangeKey, out var changeText) || !long.TryParse(changeText, CultureInfo.InvariantCulture, out mark))
            {
                return "no change stamp";
            }

            // Reading every segment's header finds an index cut short or damaged on disk.
            using var reader = DirectoryReader.Open(directory);
            return null;
        }
        catch (Exception exception) when (exception is IOException or CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or InvalidOperationException or FormatException or ArgumentException)
        {
            return $"unreadable ({exception.GetType().Name})";
        }
    }

    /// <summary>
    /// The change table always keeps its newest row (see <see cref="PruneChangesAsync"/>), so an index
    /// that has applied a change the table never had was built on another database, or on this one
    /// before it was restored from a backup: new changes would reuse ids the index takes as applied.
    /// </summary>
    private async Task<string?> ReasonInDatabaseAsync(long mark, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var newest = await db.SearchIndexChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        return mark > newest ? $"change {mark} applied, the database's newest is {newest} (restored from a backup?)" : null;
    }

    /// <summary>
    /// Plain file reads rather than memory mapping: the operating system still caches the files, but
    /// mapped index pages would count in the process's memory (hundreds of MB at 100,000 resources).
    /// </summary>
    private static PositionalReadDirectory OpenDirectory(string path) => new(new DirectoryInfo(path));

    private void OpenWriter(bool create)
    {
        _searchers?.Dispose();
        _writer?.Dispose();
        var config = new IndexWriterConfig(FrenchSearchAnalyzer.Version, _analyzer)
        {
            OpenMode = create ? OpenMode.CREATE : OpenMode.CREATE_OR_APPEND,
            RAMBufferSizeMB = 48,
        };
        try
        {
            _writer = new IndexWriter(_directory, config);
        }
        catch (Exception exception) when (create && exception is IOException or CorruptIndexException)
        {
            // Leftovers that even a new index cannot overwrite: start from an empty folder.
            _directory!.Dispose();
            System.IO.Directory.Delete(_path, recursive: true);
            System.IO.Directory.CreateDirectory(_path);
            _directory = OpenDirectory(_path);
            _writer = new IndexWriter(_directory, new IndexWriterConfig(FrenchSearchAnalyzer.Version, _analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 32 });
        }

        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    private async Task<int> RebuildLockedAsync(CancellationToken cancellationToken, IProgress<int>? progress)
    {
        var writer = _writer ?? throw new InvalidOperationException("The search index is not open.");
        var watch = Stopwatch.StartNew();
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;

        // Changes written while the rebuild reads are applied afterwards: start from the newest row seen now.
        var mark = await db.SearchIndexChanges.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
        writer.DeleteAll();
        // Reading the next batch overlaps with indexing this one, and documents are built on every
        // core (Markdown to text, analysis): IndexWriter takes documents from several threads.
        var count = 0;
        // On a thread of its own: SQLite's reads are synchronous, and would not overlap otherwise.
        var next = Task.Run(() => ReadBatchAsync(db, 0, cancellationToken), cancellationToken);
        while (true)
        {
            var batch = await next;
            if (batch.Count == 0)
            {
                break;
            }

            var lastId = batch[^1].Id;
            next = Task.Run(() => ReadBatchAsync(db, lastId, cancellationToken), cancellationToken);
            Parallel.ForEach(batch, new ParallelOptions { CancellationToken = cancellationToken }, resource =>
                writer.AddDocument(SearchDocuments.ToDocument(resource, _markdown), _analyzer));
            count += batch.Count;
            progress?.Report(count);
        }

        _mark = mark;
        _appliedAboveMark.Clear();
        _gapSince = null;
        Commit();
        _logger.IndexRebuilt(count, watch.Elapsed.TotalSeconds);
        Changed?.Invoke(null);
        return count;
    }

    private static Task<List<IndexedResource>> ReadBatchAsync(AppDbContext db, int afterId, CancellationToken cancellationToken) =>
        SearchDocuments.Project(db.Resources
                .Where(r => r.Id > afterId && r.DeletedAt == null && r.PublishAt != null)
                .OrderBy(r => r.Id)
                .Take(RebuildBatchSize))
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

    private void Commit()
    {
        _writer!.SetCommitData(new Dictionary<string, string>
        {
            [SchemaKey] = SchemaVersion,
            [ChangeKey] = _mark.ToString(CultureInfo.InvariantCulture),
            [UpdatedKey] = _clock.GetUtcNow().UtcDateTime.Ticks.ToString(CultureInfo.InvariantCulture),
        });
        _writer.Commit();
        _searchers!.MaybeRefreshBlocking();
    }

    /// <summary>
    /// Moves the mark over the rows applied without a hole below them. A hole (a transaction still
    /// open on SQL Server, whose id was taken before a later one committed) is waited for; one that
    /// stays open longer than GapTimeout was rolled back or skipped by the database, and is passed.
    /// </summary>
    private void AdvanceMark(IEnumerable<long> applied)
    {
        _appliedAboveMark.UnionWith(applied);
        while (_appliedAboveMark.Count > 0)
        {
            var lowest = _appliedAboveMark.Min;
            if (lowest == _mark + 1)
            {
                _mark = lowest;
                _appliedAboveMark.Remove(lowest);
                _gapSince = null;
                continue;
            }

            var now = _clock.GetUtcNow().UtcDateTime;
            _gapSince ??= now;
            if (now - _gapSince < GapTimeout)
            {
                break;
            }

            _mark = lowest - 1;
            _gapSince = null;
        }
    }

    private async Task<FrenchSearchAnalyzer> LoadAnalyzerAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var groups = await db.SearchSynonyms.AsNoTracking().Select(s => s.Terms).ToListAsync(cancellationToken);
        return new FrenchSearchAnalyzer(FrenchSearchAnalyzer.BuildSynonyms(groups));
    }

    internal static IQueryable<PendingChange> ChangesAfter(AppDbContext db, long mark) =>
        db.SearchIndexChanges.AsNoTracking()
            .Where(c => c.Id > mark)
            .OrderBy(c => c.Id)
            .Take(ChangeBatch)
            .Select(c => new PendingChange(c.Id, c.ResourceId, c.RemovedResourceId, c.Scope));

    /// <summary>The resources a term change touches: "category:5" gives every resource with that thématique.</summary>
    internal static IQueryable<int> ResourcesInScope(AppDbContext db, string scope)
    {
        var parts = scope.Split(':');
        var resources = db.Resources.AsNoTracking();
        if (parts.Length != 2 || !int.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
        {
            return resources.Where(r => false).Select(r => r.Id);
        }

        resources = parts[0] switch
        {
            SearchChangeScopes.Kind => resources.Where(r => r.KindId == id),
            SearchChangeScopes.Category => resources.Where(r => r.Categories.Any(c => c.Id == id)),
            SearchChangeScopes.Speaker => resources.Where(r => r.Speakers.Any(s => s.SpeakerId == id)),
            SearchChangeScopes.Series => resources.Where(r => r.SeriesId == id),
            _ => resources.Where(r => false),
        };
        return resources.Select(r => r.Id);
    }

    internal sealed record PendingChange(long Id, int? ResourceId, int? RemovedResourceId, string? Scope);
}

/// <summary>The values of SearchIndexChange.Scope.</summary>
public static class SearchChangeScopes
{
    public const string Kind = "kind";
    public const string Category = "category";
    public const string Speaker = "speaker";
    public const string Series = "series";

    /// <summary>Everything is re-indexed: the synonym list changed, or a rebuild was asked for.</summary>
    public const string All = "all";

    public static string Of(string kind, int id) => kind + ":" + id.ToString(CultureInfo.InvariantCulture);
}
