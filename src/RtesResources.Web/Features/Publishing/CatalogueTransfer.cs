using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

public enum TransferFormat
{
    Csv,
    JsonLines,
}

/// <summary>One row of an import, as read: every value a string, the names those of docs/import.md.</summary>
public sealed class TransferRow
{
    public int Number { get; init; }
    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    public string Get(string column) => Values.TryGetValue(column, out var value) ? value.Trim() : "";
}

public sealed record RowReport(int Number, string Key, string Action, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

/// <summary>
/// What an import found and did. A file of up to <see cref="CatalogueTransfer.ListedRowsLimit"/> rows
/// lists every row; a larger one lists only its first <see cref="CatalogueTransfer.ListedProblemsLimit"/>
/// refused rows, so that a report of 100,000 rows stays readable and small: the counts cover every row.
/// </summary>
public sealed record ImportReport(bool DryRun, bool Applied, IReadOnlyList<string> FileProblems, IReadOnlyList<RowReport> Rows)
{
    /// <summary>Rows read from the file (every row, listed or not).</summary>
    public int RowCount { get; init; }

    public int Failed { get; init; }

    public int ToCreate { get; init; }

    public int ToUpdate { get; init; }

    public int Created { get; init; }

    public int Updated { get; init; }

    public int Unchanged { get; init; }

    /// <summary>Thématiques, collections and speakers the import creates.</summary>
    public int NewTerms { get; init; }

    /// <summary>Valid rows that leave their resource published (from the status column, or <c>--publish</c>).</summary>
    public int ToPublish { get; init; }

    /// <summary>Valid rows that schedule their resource's publication for later.</summary>
    public int ToSchedule { get; init; }

    /// <summary>True when the report lists only some rows (a large file: its first refused rows).</summary>
    public bool Abridged => Rows.Count < RowCount;

    public bool Succeeded => FileProblems.Count == 0 && Failed == 0;
}

/// <summary>How an import runs.</summary>
public sealed record ImportOptions
{
    /// <summary>Check every row and write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Rows without a status (or a file without the column) are read as "publiée" instead of leaving
    /// new resources as drafts and existing ones as they are. Rows with a status keep theirs.
    /// </summary>
    public bool PublishRowsWithoutStatus { get; init; }

    /// <summary>Told how many rows have been read so far, every <see cref="CatalogueTransfer.ProgressEvery"/> rows.</summary>
    public IProgress<int>? Progress { get; init; }
}

/// <summary>The optional status column: a draft, published (now, or kept from an earlier publication), or public from a given moment.</summary>
public sealed record ImportPublication(bool Published, DateTime? AtUtc)
{
    public static readonly ImportPublication Draft = new(false, null);

    /// <summary>"publiée": published now, or since its earlier publication.</summary>
    public static readonly ImportPublication PublishedNow = new(true, null);

    /// <summary>Null with <paramref name="valid"/> true for an empty value: the publication state is left as it is.</summary>
    public static ImportPublication? Parse(string value, out bool valid)
    {
        valid = true;
        switch (SearchText.Normalize(value))
        {
            case "":
                return null;
            case "brouillon":
                return Draft;
            case "publiee" or "publie" or "publiée":
                return PublishedNow;
        }

        if (value.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return new ImportPublication(true, at.UtcDateTime);
        }

        valid = false;
        return null;
    }

    public DateTime? PublishAt(DateTime? current, DateTime nowUtc) =>
        !Published ? null : AtUtc ?? (current is DateTime earlier && earlier <= nowUtc ? earlier : nowUtc);
}

/// <summary>
/// Import and export of the catalogue in one documented format (docs/import.md), as CSV (what Excel and
/// LibreOffice write in French: UTF-8 with or without BOM, ";" or ",", quoted fields with line breaks)
/// or JSON Lines. The file is read as a stream, never held in memory: each row is checked, then saved
/// with a thousand others, all in one transaction that is committed only when every row was valid
/// (the dry run only checks). Rows match existing resources by external_id, then by slug, so importing
/// the same file again changes nothing.
/// </summary>
public sealed class CatalogueTransfer(
    AppDbContext db,
    ResourceEditorService editor,
    TimeProvider clock,
    MarkdownRenderer renderer,
    PrerenderedContent prerendered,
    SqliteStatementCache statements,
    ILogger<CatalogueTransfer> logger)
{
    public static readonly string[] Columns =
    [
        "external_id", "slug", "title", "kind", "source_type", "categories", "private", "summary", "body",
        "published_on", "event_date", "speakers", "links", "series", "series_number", "licence",
    ];

    /// <summary>Import-only columns: not written by the export, whose round trip must change nothing.</summary>
    public static readonly string[] ImportOnlyColumns = ["status"];

    /// <summary>A file of at most this many rows gets every row in its report.</summary>
    public const int ListedRowsLimit = 1_000;

    /// <summary>A larger file's report lists this many refused rows at most.</summary>
    public const int ListedProblemsLimit = 100;

    /// <summary>
    /// Rows saved per SaveChanges: large enough to amortise the per-save work (lookups, term creation,
    /// change detection), small enough that the change tracker (cleared after each batch) stays small
    /// and that a batch's objects (thousands of strings of a few KB) die young instead of being promoted
    /// to the garbage collector's oldest generation (docs/performance.md).
    /// </summary>
    internal const int BatchSize = 250;

    /// <summary>The import's progress is reported every this many rows read.</summary>
    public const int ProgressEvery = 500;

    private static readonly JsonSerializerOptions JsonLineOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static TransferFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" or ".txt" => TransferFormat.Csv,
        ".jsonl" or ".ndjson" or ".json" => TransferFormat.JsonLines,
        _ => null,
    };

    public Task<ImportReport> ImportAsync(Stream content, TransferFormat format, bool dryRun, ClaimsPrincipal by, CancellationToken cancellationToken = default) =>
        ImportAsync(content, format, new ImportOptions { DryRun = dryRun }, by, cancellationToken);

    public async Task<ImportReport> ImportAsync(Stream content, TransferFormat format, ImportOptions options, ClaimsPrincipal by, CancellationToken cancellationToken = default)
    {
        if (options.DryRun)
        {
            return await RunAsync(content, format, write: false, options, by, cancellationToken) with { DryRun = true };
        }

        // A retry reads the file again from its start: an upload or a pipe that cannot seek is spooled to a temporary file.
        await using var spooled = content.CanSeek ? null : await SpoolAsync(content, cancellationToken);
        var file = spooled ?? content;
        var start = file.Position;

        // SQL Server's retrying strategy replays the whole unit on a transient failure: it starts again
        // from a clean change tracker, fresh lookups and the file's first byte.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            file.Position = start;
            await using var sqliteSettings = await ImportConnectionSettings.ApplyAsync(db, ct);
            using var keptStatements = statements.Enable();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // No savepoint around each save: a failed save fails the whole import, which rolls back
            // anyway. On SQLite, a savepoint around each save of a long transaction costs more and more
            // as the transaction grows: at 100,000 rows the import took more than twice the CPU time.
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            db.GroupStatements = true;
            ImportReport report;
            try
            {
                report = await RunAsync(file, format, write: true, options, by, ct);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
                db.GroupStatements = false;
            }

            if (report.Applied)
            {
                var committing = System.Diagnostics.Stopwatch.StartNew();
                await transaction.CommitAsync(ct);
                logger.ImportCommitted(committing.Elapsed.TotalSeconds);
            }
            else
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }

            return report;
        }, cancellationToken);
    }

    /// <summary>
    /// One streaming pass: every row is checked and reported; while no row has been refused, valid rows
    /// are written a batch at a time into the caller's transaction. The first refused row stops the
    /// writing (the caller rolls back) but not the checking, so that the report still covers the file.
    /// </summary>
    private async Task<ImportReport> RunAsync(Stream file, TransferFormat format, bool write, ImportOptions options, ClaimsPrincipal by, CancellationToken cancellationToken)
    {
        var context = await ImportContext.LoadAsync(db, clock.GetUtcNow().UtcDateTime, cancellationToken);
        context.PublishWithoutStatus = options.PublishRowsWithoutStatus;
        using var rows = new RowsReadAhead(file, format, cancellationToken);
        var fileProblems = rows.Problems;
        var listed = new ReportList();
        var counts = new WriteCounts();
        var outcomes = new Dictionary<int, string>();
        var timings = new ImportTimings();
        var batch = new List<TransferRow>(BatchSize);
        var toRender = new List<TransferRow>(BatchSize);

        // A full batch whose new resources are being rendered on another core while the batch before it
        // is saved: rendering is then off the path of the writes, which wait only if it is slower.
        PendingBatch? pending = null;
        int read = 0, failed = 0, toCreate = 0, toUpdate = 0, toPublish = 0, toSchedule = 0;
        timings.Reading.Start();
        try
        {
            foreach (var row in rows.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var checkedRow = Check(row, context);
                read++;
                if (read % ProgressEvery == 0)
                {
                    options.Progress?.Report(read);
                }

                listed.Add(checkedRow.Report);
                if (checkedRow.Report.Problems.Count > 0)
                {
                    failed++;
                    write = false;
                    batch.Clear();
                    toRender.Clear();
                    pending = null;
                    continue;
                }

                if (checkedRow.ExistingId is null)
                {
                    toCreate++;
                }
                else
                {
                    toUpdate++;
                }

                if (context.PublicationOf(row, checkedRow.ExistingId) is { Published: true } publication)
                {
                    if (publication.AtUtc > context.NowUtc)
                    {
                        toSchedule++;
                    }
                    else
                    {
                        toPublish++;
                    }
                }

                write &= !rows.HasProblems;
                if (write)
                {
                    batch.Add(row);
                    if (checkedRow.ExistingId is null)
                    {
                        toRender.Add(row);
                    }

                    if (batch.Count == BatchSize)
                    {
                        var next = new PendingBatch(batch, Prerender(toRender, timings, cancellationToken));
                        batch = new List<TransferRow>(BatchSize);
                        toRender = new List<TransferRow>(BatchSize);
                        if (pending is not null)
                        {
                            timings.Reading.Stop();
                            await WriteBatchAsync(pending, context, by, counts, outcomes, timings, cancellationToken);
                            timings.Reading.Start();
                        }

                        pending = next;
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or DecoderFallbackException or InvalidDataException or FormatException or InvalidOperationException)
        {
            rows.Stop();
            return new ImportReport(false, false, [.. fileProblems, $"Le fichier n'a pas pu être lu ({exception.Message})."], listed.Rows) { RowCount = read, Failed = failed };
        }

        timings.Reading.Stop();
        var applied = write && fileProblems.Count == 0 && failed == 0;
        if (applied)
        {
            if (pending is not null)
            {
                await WriteBatchAsync(pending, context, by, counts, outcomes, timings, cancellationToken);
            }

            // The last rows are rendered by the save itself (in parallel): nothing is left to overlap with.
            await WriteBatchAsync(new PendingBatch(batch, null), context, by, counts, outcomes, timings, cancellationToken);
        }

        timings.Log(logger, read);

        return new ImportReport(false, applied, fileProblems, [.. listed.Rows.Select(r => r with { Action = applied ? outcomes.GetValueOrDefault(r.Number, r.Action) : r.Action })])
        {
            RowCount = read,
            Failed = failed,
            ToCreate = toCreate,
            ToUpdate = toUpdate,
            Created = counts.Created,
            Updated = counts.Updated,
            Unchanged = counts.Unchanged,
            NewTerms = context.NewCategories.Count + context.NewSeries.Count + context.NewSpeakers.Count,
            ToPublish = toPublish,
            ToSchedule = toSchedule,
        };
    }

    private static async Task<FileStream> SpoolAsync(Stream content, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(spool, cancellationToken);
        spool.Position = 0;
        return spool;
    }

    /// <summary>
    /// SQLite settings for the import's connection, put back when it ends (the connection returns to
    /// the pool). Temporary storage in memory: each INSERT into a table with unique indexes keeps a
    /// statement journal (the pages it changes, to undo the statement alone on a constraint failure),
    /// which is otherwise a temporary file written page by page; it holds one statement's pages at most.
    /// A larger page cache: the indexes' pages stay in memory instead of being written to the
    /// write-ahead log and read back as the transaction grows.
    /// </summary>
    private sealed class ImportConnectionSettings : IAsyncDisposable
    {
        private readonly AppDbContext? _db;
        private readonly long _cacheSize;
        private readonly long _tempStore;

        private ImportConnectionSettings(AppDbContext? db, long cacheSize, long tempStore) => (_db, _cacheSize, _tempStore) = (db, cacheSize, tempStore);

        public static async Task<ImportConnectionSettings> ApplyAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            if (!db.Database.IsSqlite())
            {
                return new ImportConnectionSettings(null, 0, 0);
            }

            await db.Database.OpenConnectionAsync(cancellationToken);
            var cacheSize = await PragmaAsync(db, "cache_size", null, cancellationToken);
            var tempStore = await PragmaAsync(db, "temp_store", null, cancellationToken);
            await PragmaAsync(db, "cache_size", "-65536", cancellationToken);
            await PragmaAsync(db, "temp_store", "MEMORY", cancellationToken);
            return new ImportConnectionSettings(db, cacheSize, tempStore);
        }

        public async ValueTask DisposeAsync()
        {
            if (_db is null)
            {
                return;
            }

            try
            {
                await PragmaAsync(_db, "cache_size", _cacheSize.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
                await PragmaAsync(_db, "temp_store", _tempStore.ToString(CultureInfo.InvariantCulture), CancellationToken.None);
            }
            finally
            {
                await _db.Database.CloseConnectionAsync();
            }
        }

        private static async Task<long> PragmaAsync(AppDbContext db, string name, string? value, CancellationToken cancellationToken)
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = value is null ? $"PRAGMA {name}" : $"PRAGMA {name} = {value}";
            return await command.ExecuteScalarAsync(cancellationToken) is long result ? result : 0;
        }
    }

    /// <summary>
    /// The file's rows, parsed on a thread of their own up to two batches ahead of the checks and writes,
    /// and given in order. <see cref="HasProblems"/> tells whether a problem with the file itself was
    /// found so far (possibly further on than the row at hand: the writes then stop a little earlier,
    /// and the import is refused all the same); <see cref="Problems"/> is complete once every row was
    /// read, or up to the reading error, which reaches the caller after the rows read before it.
    /// </summary>
    private sealed class RowsReadAhead : IDisposable
    {
        private readonly BlockingCollection<TransferRow> _queue = new(2 * BatchSize);
        private readonly CancellationTokenSource _stop;
        private readonly Task _reading;
        private System.Runtime.ExceptionServices.ExceptionDispatchInfo? _failure;
        private volatile bool _hasProblems;

        public RowsReadAhead(Stream file, TransferFormat format, CancellationToken cancellationToken)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var stop = _stop.Token;
            _reading = Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        foreach (var row in ReadRows(file, format, Problems))
                        {
                            _hasProblems = Problems.Count > 0;
                            _queue.Add(row, stop);
                        }
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                        // The caller stopped reading.
                    }
                    catch (Exception exception)
                    {
                        _failure = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(exception);
                    }
                    finally
                    {
                        _hasProblems = Problems.Count > 0;
                        _queue.CompleteAdding();
                    }
                },
                stop,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);
        }

        /// <summary>Written by the reading thread only; read once the rows are all given.</summary>
        public List<string> Problems { get; } = [];

        public bool HasProblems => _hasProblems;

        public IEnumerable<TransferRow> Read()
        {
            foreach (var row in _queue.GetConsumingEnumerable(_stop.Token))
            {
                yield return row;
            }

            _reading.Wait(_stop.Token);
            _failure?.Throw();
        }

        /// <summary>Stops the reading thread, if still reading, and waits for it: <see cref="Problems"/> no longer changes.</summary>
        public void Stop()
        {
            _stop.Cancel();
            try
            {
                _reading.Wait();
            }
            catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OperationCanceledException))
            {
                // Cancelled before it started.
            }
        }

        public void Dispose()
        {
            Stop();
            _queue.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>Where an import's time goes, logged at Debug level (docs/performance.md).</summary>
    private sealed class ImportTimings
    {
        private readonly TimeSpan _gcPauseAtStart = GC.GetTotalPauseDuration();
        private long _renderingTicks;

        public System.Diagnostics.Stopwatch Reading { get; } = new();
        public System.Diagnostics.Stopwatch WaitingForRendering { get; } = new();
        public System.Diagnostics.Stopwatch Staging { get; } = new();
        public System.Diagnostics.Stopwatch Saving { get; } = new();

        /// <summary>Called from the rendering tasks, one at a time or alongside the main flow.</summary>
        public void AddRendering(TimeSpan elapsed) => Interlocked.Add(ref _renderingTicks, elapsed.Ticks);

        public void Log(ILogger logger, int rows)
        {
            if (!logger.IsEnabled(LogLevel.Debug))
            {
                return;
            }

            logger.ImportTimings(
                rows,
                Reading.Elapsed.TotalSeconds,
                TimeSpan.FromTicks(Interlocked.Read(ref _renderingTicks)).TotalSeconds,
                WaitingForRendering.Elapsed.TotalSeconds,
                Staging.Elapsed.TotalSeconds,
                Saving.Elapsed.TotalSeconds,
                (GC.GetTotalPauseDuration() - _gcPauseAtStart).TotalSeconds);
        }
    }

    private sealed class WriteCounts
    {
        public int Created { get; set; }
        public int Updated { get; set; }
        public int Unchanged { get; set; }
    }

    /// <summary>The rows a report lists: every row of a small file, the first refused rows of a large one.</summary>
    private sealed class ReportList
    {
        private readonly List<RowReport> _rows = [];
        private bool _abridged;

        public IReadOnlyList<RowReport> Rows => _rows;

        public void Add(RowReport row)
        {
            if (!_abridged && _rows.Count == ListedRowsLimit)
            {
                _abridged = true;
                _rows.RemoveAll(r => r.Problems.Count == 0);
                if (_rows.Count > ListedProblemsLimit)
                {
                    _rows.RemoveRange(ListedProblemsLimit, _rows.Count - ListedProblemsLimit);
                }
            }

            if (!_abridged || (row.Problems.Count > 0 && _rows.Count < ListedProblemsLimit))
            {
                _rows.Add(row);
            }
        }
    }

    /// <summary>Creates the terms that rows checked so far name and that do not exist yet, before the rows that use them are saved.</summary>
    private async Task CreateTermsAsync(ImportContext context, CancellationToken cancellationToken)
    {
        var categories = context.NewCategories.Where(t => !context.Categories.ContainsKey(t.Key))
            .Select(t => (t.Key, Entity: new Category { Name = t.Value, Slug = FreeSlug(context.CategorySlugs, t.Value) })).ToList();
        var series = context.NewSeries.Where(t => !context.Series.ContainsKey(t.Key))
            .Select(t => (t.Key, Entity: new Series { Name = t.Value, Slug = FreeSlug(context.SeriesSlugs, t.Value) })).ToList();
        var speakers = context.NewSpeakers.Where(t => !context.Speakers.ContainsKey(t.Key))
            .Select(t => new Speaker { Name = t.Value, Slug = t.Key }).ToList();
        if (categories.Count + series.Count + speakers.Count == 0)
        {
            return;
        }

        db.Categories.AddRange(categories.Select(c => c.Entity));
        db.Series.AddRange(series.Select(s => s.Entity));
        db.Speakers.AddRange(speakers);
        await db.SaveChangesAsync(cancellationToken);
        categories.ForEach(c => context.Categories[c.Key] = c.Entity.Id);
        series.ForEach(s => context.Series[s.Key] = s.Entity.Id);
        speakers.ForEach(s => context.Speakers[s.Slug] = s.Id);
        db.ChangeTracker.Clear();
    }

    private static string FreeSlug(HashSet<string> taken, string name)
    {
        var baseSlug = Content.Slug.From(name, 100);
        if (baseSlug.Length == 0)
        {
            baseSlug = "terme";
        }

        var slug = baseSlug;
        for (var n = 2; !taken.Add(slug); n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        return slug;
    }

    /// <summary>Rows read, checked and to be written together, with the rendering of their new resources when it was started ahead.</summary>
    private sealed record PendingBatch(List<TransferRow> Rows, Task<(string Title, string Summary, string Body, ContentRendering Rendering)[]>? Rendering);

    /// <summary>
    /// Renders the new resources of a batch on the thread pool (all cores but one, which the writes use),
    /// from the title, summary and body the resources will have; a row whose rendering fails is left to
    /// the save, which fails on it as it always did.
    /// </summary>
    private Task<(string Title, string Summary, string Body, ContentRendering Rendering)[]> Prerender(List<TransferRow> rows, ImportTimings timings, CancellationToken cancellationToken) =>
        Task.Run(() =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var results = new (string Title, string Summary, string Body, ContentRendering Rendering)[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount - 1), CancellationToken = cancellationToken }, i =>
            {
                var row = rows[i];
                var title = row.Get("title");
                var summary = ResourceContentInterceptor.Canonical(row.Values.GetValueOrDefault("summary"));
                var body = ResourceContentInterceptor.Canonical(row.Values.GetValueOrDefault("body"));
                try
                {
                    results[i] = (title, summary, body, ResourceContentInterceptor.Render(renderer, title, summary, body));
                }
                catch (ArgumentException)
                {
                    // Text the renderer refuses (a broken surrogate): the save renders it again and reports it.
                }
            });
            timings.AddRendering(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            return results;
        }, cancellationToken);

    private async Task WriteBatchAsync(PendingBatch pending, ImportContext lookups, ClaimsPrincipal by, WriteCounts counts, Dictionary<int, string> outcomes, ImportTimings timings, CancellationToken cancellationToken)
    {
        if (pending.Rendering is not null)
        {
            timings.WaitingForRendering.Start();
            foreach (var (title, summary, body, rendering) in await pending.Rendering)
            {
                if (rendering is not null)
                {
                    prerendered.Add(title, summary, body, rendering);
                }
            }

            timings.WaitingForRendering.Stop();
        }

        timings.Staging.Start();
        await CreateTermsAsync(lookups, cancellationToken);
        var batch = pending.Rows;
        if (batch.Count == 0)
        {
            timings.Staging.Stop();
            return;
        }

        var rows = batch.Select(row => (Row: row, Match: lookups.Match(row))).ToList();
        var existingIds = rows.Where(r => r.Match.ExistingId is not null).Select(r => r.Match.ExistingId!.Value).ToList();
        var existing = existingIds.Count == 0 ? [] : await db.Resources
            .Include(r => r.Categories).Include(r => r.Speakers).Include(r => r.Links)
            .AsSplitQuery()
            .Where(r => existingIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var withHistory = existingIds.Count == 0 ? [] : (await db.ResourceRevisions.Where(r => existingIds.Contains(r.ResourceId)).Select(r => r.ResourceId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        var inputs = rows.Select(r => (r.Row, r.Match, Input: ToInput(r.Row, r.Match, lookups))).ToList();
        var categoryIds = inputs.SelectMany(i => i.Input.CategoryIds).Distinct().ToList();
        var categories = await db.Categories.Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        var claimedExternalIds = new List<(int Id, string ExternalId)>();
        foreach (var (row, match, input) in inputs)
        {
            var externalId = NullIfEmpty(row.Get("external_id"));
            var resource = match.ExistingId is int id ? existing[id] : new Resource { Slug = match.Slug, Title = input.Title!, ExternalId = externalId };
            var publication = lookups.PublicationOf(row, match.ExistingId);

            var changed = await editor.StageImportAsync(resource, input, categories, publication, match.ExistingId is int known && withHistory.Contains(known), by, "Import", cancellationToken);
            if (match.ExistingId is int matched && externalId is not null && resource.ExternalId is null)
            {
                claimedExternalIds.Add((matched, externalId));
            }

            string outcome;
            if (!changed)
            {
                outcome = "inchangée";
                counts.Unchanged++;
            }
            else if (match.ExistingId is null)
            {
                outcome = "créée";
                counts.Created++;
            }
            else
            {
                outcome = "mise à jour";
                counts.Updated++;
            }

            // Only a small file's report lists its rows.
            if (outcomes.Count < ListedRowsLimit)
            {
                outcomes[row.Number] = outcome;
            }
        }

        timings.Staging.Stop();
        timings.Saving.Start();

        // Changes are detected once here rather than by each interceptor and by the save (a full pass
        // over thousands of entries each time); the interceptors detect what they change themselves.
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = true;
            prerendered.Clear();
        }

        foreach (var (id, externalId) in claimedExternalIds)
        {
            await db.Resources.Where(r => r.Id == id && r.ExternalId == null).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExternalId, externalId), cancellationToken);
        }

        db.ChangeTracker.Clear();
        timings.Saving.Stop();
    }

    public async Task<byte[]> ExportAsync(TransferFormat format, CancellationToken cancellationToken = default)
    {
        var resources = await db.Resources.AsNoTracking()
            .Where(r => r.DeletedAt == null)
            .OrderBy(r => r.Id)
            .Select(r => new
            {
                r.ExternalId,
                r.Slug,
                r.Title,
                Kind = r.Kind.Slug,
                r.SourceType,
                Categories = r.Categories.OrderBy(c => c.Name).Select(c => c.Name).ToList(),
                r.IsPrivate,
                r.SummaryMarkdown,
                r.BodyMarkdown,
                r.PublishedOn,
                r.EventDate,
                Speakers = r.Speakers.OrderBy(s => s.Position).Select(s => new { s.Speaker.Name, s.Role, s.Organisation }).ToList(),
                Links = r.Links.OrderBy(l => l.Position).Select(l => new { l.Kind, l.Label, l.Url }).ToList(),
                Series = r.Series == null ? null : r.Series.Name,
                r.SeriesNumber,
                r.Licence,
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var rows = resources.Select(r => new[]
        {
            r.ExternalId ?? "",
            r.Slug,
            r.Title,
            r.Kind,
            r.SourceType,
            string.Join(" | ", r.Categories),
            r.IsPrivate ? "oui" : "non",
            r.SummaryMarkdown,
            r.BodyMarkdown,
            r.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.EventDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            string.Join("\n", r.Speakers.Select(s => string.Join(", ", new[] { s.Name, s.Role, s.Organisation }.Where(p => !string.IsNullOrEmpty(p))))),
            string.Join(" | ", r.Links.Select(l => FormatLink(l.Kind, l.Label, l.Url))),
            r.Series ?? "",
            r.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
            r.Licence ?? "",
        }).ToList();

        using var memory = new MemoryStream();
        if (format == TransferFormat.Csv)
        {
            // Formula cells are escaped for spreadsheets (SpreadsheetCsv); the import reads the escape back off.
            using var writer = CsvWriter.Create(memory, SpreadsheetCsv.WriterOptions(), true);
            writer.WriteRecord(Columns);
            foreach (var row in rows)
            {
                writer.WriteRecord(row.Select(SpreadsheetCsv.Cell).ToArray());
            }
        }
        else
        {
            using var writer = new StreamWriter(memory, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
            foreach (var row in rows)
            {
                var line = new Dictionary<string, string>();
                for (var i = 0; i < Columns.Length; i++)
                {
                    line[Columns[i]] = row[i];
                }

                await writer.WriteLineAsync(JsonSerializer.Serialize(line, JsonLineOptions));
            }
        }

        return memory.ToArray();
    }

    /// <summary>The file's rows one at a time: only the current row is in memory.</summary>
    private static IEnumerable<TransferRow> ReadRows(Stream content, TransferFormat format, List<string> fileProblems) =>
        format == TransferFormat.Csv ? ReadCsv(content, fileProblems) : ReadJsonLines(content, fileProblems);

    private static StreamReader Utf8Reader(Stream content) =>
        new(content, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true);

    private static IEnumerable<TransferRow> ReadCsv(Stream content, List<string> fileProblems)
    {
        var start = content.Position;
        string firstLine;
        using (var peek = Utf8Reader(content))
        {
            firstLine = peek.ReadLine() ?? "";
        }

        content.Position = start;
        var separator = firstLine.Count(c => c == ';') >= firstLine.Count(c => c == ',') ? ';' : ',';

        using var text = Utf8Reader(content);
        using var reader = CsvReader.Create(text, new CsvReaderOptions { Separator = separator, HasHeader = true, AllowLineBreaksInQuotes = true, SkipEmptyLines = true }, leaveOpen: true);
        reader.ReadHeader();
        var headers = reader.Headers.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        CheckColumns(headers, fileProblems);

        var number = 1;
        while (reader.Read())
        {
            number++;
            var row = new TransferRow { Number = number };
            for (var i = 0; i < headers.Count && i < reader.FieldCount; i++)
            {
                row.Values[headers[i]] = SpreadsheetCsv.ReadCell(reader.GetString(i) ?? "");
            }

            yield return row;
        }
    }

    private static IEnumerable<TransferRow> ReadJsonLines(Stream content, List<string> fileProblems)
    {
        using var reader = Utf8Reader(content);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                fileProblems.Add($"Ligne {number} : un objet JSON est attendu.");
                continue;
            }

            var row = new TransferRow { Number = number };
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var name = property.Name.Trim().ToLowerInvariant();
                columns.Add(name);
                row.Values[name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString() ?? "",
                    JsonValueKind.Array => string.Join(name == "speakers" ? "\n" : " | ", property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                    JsonValueKind.Null => "",
                    JsonValueKind.True => "oui",
                    JsonValueKind.False => "non",
                    _ => property.Value.GetRawText(),
                };
            }

            yield return row;
        }

        CheckColumns([.. columns], fileProblems);
    }

    private static void CheckColumns(IReadOnlyCollection<string> headers, List<string> fileProblems)
    {
        foreach (var unknown in headers.Where(h => !Columns.Contains(h) && !ImportOnlyColumns.Contains(h)))
        {
            fileProblems.Add($"Colonne inconnue « {unknown} » : elle n'est pas importée. Renommez-la (colonnes : {string.Join(", ", Columns.Concat(ImportOnlyColumns))}) ou retirez-la.");
        }

        if (!headers.Contains("title"))
        {
            fileProblems.Add("La colonne « title » manque.");
        }
    }

    private sealed record CheckedRow(RowReport Report, int? ExistingId, string Slug, int? KindId);

    private static CheckedRow Check(TransferRow row, ImportContext context)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        var title = row.Get("title");
        if (title.Length == 0)
        {
            problems.Add("titre manquant (colonne title)");
        }
        else if (title.Length > Resource.TitleMaxLength)
        {
            problems.Add($"titre trop long ({Resource.TitleMaxLength} caractères au plus)");
        }

        var slug = context.Match(row).Slug;
        if (row.Get("slug").Length > 0 && !Content.Slug.IsWellFormed(slug))
        {
            problems.Add($"adresse « {slug} » invalide (minuscules sans accent, chiffres, tirets)");
        }

        var externalId = row.Get("external_id");
        var existingId = context.Match(row).ExistingId;
        if (externalId.Length > 0 && !context.SeenExternalIds.Add(externalId))
        {
            problems.Add($"external_id « {externalId} » en double dans le fichier");
        }

        if (slug.Length > 0 && !context.SeenSlugs.Add(slug))
        {
            problems.Add($"adresse « {slug} » en double dans le fichier");
        }
        else if (context.BySlug.TryGetValue(slug, out var slugOwner) && existingId is int matched && slugOwner != matched)
        {
            problems.Add($"adresse « {slug} » déjà prise par une autre ressource");
        }
        else if (context.OldSlugs.TryGetValue(slug, out var oldOwner) && oldOwner != existingId)
        {
            problems.Add($"adresse « {slug} » déjà prise (ancienne adresse d'une autre ressource)");
        }

        int? kindId = context.Kinds.TryGetValue(Fold(row.Get("kind")), out var kind) ? kind : null;
        if (kindId is null)
        {
            problems.Add(row.Get("kind").Length == 0 ? "type manquant (colonne kind)" : $"type « {row.Get("kind")} » inconnu (types : {string.Join(", ", context.KindNames)})");
        }

        // A new term is noted on the first row that names it: the one whose import creates it.
        foreach (var category in Split(row.Get("categories")).Where(c => !context.Categories.ContainsKey(Fold(c)) && context.NewCategories.TryAdd(Fold(c), c)))
        {
            notes.Add($"thématique « {category} » créée");
        }

        var series = row.Get("series");
        if (series.Length > 0 && !context.Series.ContainsKey(Fold(series)) && context.NewSeries.TryAdd(Fold(series), series))
        {
            notes.Add($"collection « {series} » créée");
        }

        var seriesNumber = row.Get("series_number");
        if (seriesNumber.Length > 0 && (!int.TryParse(seriesNumber, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > 999))
        {
            problems.Add($"numéro dans la collection « {seriesNumber} » invalide (1 à 999)");
        }
        else if (seriesNumber.Length > 0 && series.Length == 0)
        {
            problems.Add("numéro dans la collection sans collection (colonne series)");
        }

        if (ParseBool(row.Get("private")) is null)
        {
            problems.Add($"valeur « {row.Get("private")} » invalide pour private (oui/non, true/false, 1/0)");
        }

        foreach (var column in new[] { "published_on", "event_date" })
        {
            if (row.Get(column).Length > 0 && ParseDate(row.Get(column)) is null)
            {
                problems.Add($"date « {row.Get(column)} » invalide pour {column} (AAAA-MM-JJ ou JJ/MM/AAAA)");
            }
        }

        if (ImportPublication.Parse(row.Get("status"), out var validStatus) is { AtUtc: DateTime at } && at > context.NowUtc.AddYears(5))
        {
            problems.Add($"publication programmée trop lointaine « {row.Get("status")} » (5 ans au plus)");
        }
        else if (!validStatus)
        {
            problems.Add($"valeur « {row.Get("status")} » invalide pour status (brouillon, publiée, ou une date et heure AAAA-MM-JJTHH:MM avec son fuseau, par exemple 2027-01-15T09:00+01:00)");
        }

        foreach (var speaker in SplitSpeakers(row.Get("speakers")).Where(s => !context.Speakers.ContainsKey(Content.Slug.From(s.Name, 100)) && context.NewSpeakers.TryAdd(Content.Slug.From(s.Name, 100), s.Name)))
        {
            notes.Add($"intervenant·e « {speaker.Name} » créé·e");
        }

        foreach (var link in Split(row.Get("links")))
        {
            var parsed = ParseLink(link);
            if (parsed is null)
            {
                problems.Add($"lien « {link} » invalide (une adresse https://…, éventuellement précédée de « libellé » ou « video: libellé »)");
            }
            else if (parsed.Value.Kind == LinkKind.Video && VideoEmbed.Parse(parsed.Value.Url) is null)
            {
                problems.Add($"vidéo « {parsed.Value.Url} » non reconnue ({VideoEmbed.Accepted})");
            }
        }

        if (problems.Count == 0 && context.PublicationOf(row, existingId) is { Published: true } publication)
        {
            notes.Add(publication.AtUtc is DateTime from && from > context.NowUtc
                ? $"publication programmée le {FrenchDates.Moment(from)}"
                : existingId is null ? "publiée" : "publiée (ou le reste)");
        }

        var action = problems.Count > 0 ? "refusée" : existingId is null ? "à créer" : "à mettre à jour";
        return new CheckedRow(new RowReport(row.Number, slug.Length > 0 ? slug : $"ligne {row.Number}", action, problems, notes), existingId, slug, kindId);
    }

    /// <summary>The row as the editor's input; its terms exist by now (created before the first batch).</summary>
    private static ResourceInput ToInput(TransferRow row, RowMatch match, ImportContext context)
    {
        var categoryIds = Split(row.Get("categories")).Select(name => context.Categories[Fold(name)]).ToList();
        var series = row.Get("series");
        int? seriesId = series.Length > 0 ? context.Series[Fold(series)] : null;
        var speakers = new List<SpeakerRow>();
        foreach (var (name, role) in SplitSpeakers(row.Get("speakers")))
        {
            var id = context.Speakers[Content.Slug.From(name, 100)];

            // Exported as "Name, role, organisation": split back at the last comma when the organisation is one we know.
            speakers.Add(SplitRole(role, context.Organisations) is var (r, o) ? new SpeakerRow { SpeakerId = id, Role = r, Organisation = o } : new SpeakerRow { SpeakerId = id });
        }

        return new ResourceInput
        {
            Title = row.Get("title"),
            Slug = match.Slug,
            KindId = context.Kinds[Fold(row.Get("kind"))],
            SourceType = NullIfEmpty(row.Get("source_type")) ?? Resource.DefaultSourceType,
            IsPrivate = ParseBool(row.Get("private")) ?? false,
            Summary = row.Values.GetValueOrDefault("summary") ?? "",
            Body = row.Values.GetValueOrDefault("body") ?? "",
            PublishedOn = ParseDate(row.Get("published_on"))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            EventDate = ParseDate(row.Get("event_date"))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SeriesId = seriesId,
            SeriesNumber = int.TryParse(row.Get("series_number"), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null,
            Licence = NullIfEmpty(row.Get("licence")),
            CategoryIds = categoryIds,
            Speakers = speakers,
            Links = [.. Split(row.Get("links")).Select(ParseLink).Where(l => l is not null).Select(l => new LinkRow { Kind = l!.Value.Kind, Label = l.Value.Label, Url = l.Value.Url })],
        };
    }

    internal static string Fold(string value) => SearchText.Normalize(value).Replace(" ", "-", StringComparison.Ordinal);

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>One speaker a line: "Name, role and organisation" (the seed's own way of writing them).</summary>
    internal static IEnumerable<(string Name, string Role)> SplitSpeakers(string value) =>
        value.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.TrimStart('•', '-', '*', ' '))
            .Where(line => line.Length > 0)
            .Select(line => line.IndexOf(',', StringComparison.Ordinal) is var comma and > 0 ? (line[..comma].Trim(), line[(comma + 1)..].Trim()) : (line, ""));

    internal static bool? ParseBool(string value) => SearchText.Normalize(value) switch
    {
        "" or "non" or "false" or "0" or "faux" or "no" => false,
        "oui" or "true" or "1" or "vrai" or "yes" => true,
        _ => null,
    };

    internal static DateOnly? ParseDate(string value) =>
        DateOnly.TryParseExact(value.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private static readonly Dictionary<string, LinkKind> LinkPrefixes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["video"] = LinkKind.Video,
        ["vidéo"] = LinkKind.Video,
        ["diaporama"] = LinkKind.Slides,
        ["document"] = LinkKind.Document,
        ["web"] = LinkKind.Web,
    };

    /// <summary>"https://…", "Libellé https://…" or "video: Libellé https://…" (see docs/import.md).</summary>
    internal static (LinkKind Kind, string Label, string Url)? ParseLink(string item)
    {
        var kind = LinkKind.Web;
        var colon = item.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && LinkPrefixes.TryGetValue(item[..colon].Trim(), out var prefixed))
        {
            kind = prefixed;
            item = item[(colon + 1)..].Trim();
        }

        var space = item.LastIndexOf(' ');
        var url = space < 0 ? item : item[(space + 1)..];
        var label = space < 0 ? url : item[..space].Trim();
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? (kind, label, url)
            : null;
    }

    private static string FormatLink(LinkKind kind, string label, string url)
    {
        var prefix = kind switch
        {
            LinkKind.Video => "video: ",
            LinkKind.Slides => "diaporama: ",
            LinkKind.Document => "document: ",
            _ => "",
        };
        return label == url && prefix.Length == 0 ? url : $"{prefix}{label} {url}";
    }

    /// <summary>"role, Organisation" back into its parts when the last part is a known organisation; otherwise all of it is the role.</summary>
    private static (string? Role, string? Organisation) SplitRole(string text, HashSet<string> organisations)
    {
        if (text.Length == 0)
        {
            return (null, null);
        }

        var comma = text.LastIndexOf(',');
        if (comma > 0 && organisations.Contains(text[(comma + 1)..].Trim()))
        {
            return (NullIfEmpty(text[..comma]), text[(comma + 1)..].Trim());
        }

        return organisations.Contains(text) ? (null, text) : (text, null);
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record RowMatch(int? ExistingId, string Slug);

    /// <summary>Lookups loaded once per pass: terms, and the id, slug and external_id of every resource.</summary>
    private sealed class ImportContext
    {
        public required Dictionary<string, int> Kinds { get; init; }
        public required List<string> KindNames { get; init; }
        public required Dictionary<string, int> Categories { get; init; }
        public required Dictionary<string, int> Series { get; init; }
        public required Dictionary<string, int> Speakers { get; init; }
        public required HashSet<string> Organisations { get; init; }
        public required Dictionary<string, int> BySlug { get; init; }
        public required Dictionary<string, int> ByExternalId { get; init; }
        public required Dictionary<string, int> OldSlugs { get; init; }
        public required HashSet<string> CategorySlugs { get; init; }
        public required HashSet<string> SeriesSlugs { get; init; }
        public required DateTime NowUtc { get; init; }

        /// <summary><c>--publish</c>: a row without status is read as "publiée".</summary>
        public bool PublishWithoutStatus { get; set; }

        public HashSet<string> SeenSlugs { get; } = new(StringComparer.Ordinal);
        public HashSet<string> SeenExternalIds { get; } = new(StringComparer.Ordinal);

        // Terms the file names that do not exist yet, by their lookup key, as first written.
        public Dictionary<string, string> NewCategories { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> NewSeries { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> NewSpeakers { get; } = new(StringComparer.Ordinal);

        /// <summary>
        /// What a valid row does to the publication state: its status column; without one, "publiée"
        /// under <c>--publish</c>, else a draft for a new resource and nothing (null) for an existing one.
        /// </summary>
        public ImportPublication? PublicationOf(TransferRow row, int? existingId) =>
            ImportPublication.Parse(row.Get("status"), out _)
            ?? (PublishWithoutStatus ? ImportPublication.PublishedNow : existingId is null ? ImportPublication.Draft : null);

        /// <summary>The resource a row updates (by external_id, then slug), and the row's slug.</summary>
        public RowMatch Match(TransferRow row)
        {
            var slug = row.Get("slug");
            if (slug.Length == 0)
            {
                slug = Content.Slug.From(row.Get("title"), 100);
            }

            var externalId = row.Get("external_id");
            int? existingId = externalId.Length > 0 && ByExternalId.TryGetValue(externalId, out var byExternal) ? byExternal
                : BySlug.TryGetValue(slug, out var bySlug) ? bySlug
                : null;
            return new RowMatch(existingId, slug);
        }

        public static async Task<ImportContext> LoadAsync(AppDbContext db, DateTime nowUtc, CancellationToken cancellationToken)
        {
            var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).ToListAsync(cancellationToken);
            var kindLookup = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var kind in kinds)
            {
                kindLookup[Fold(kind.Slug)] = kind.Id;
                kindLookup[Fold(kind.Name)] = kind.Id;
                kindLookup[Fold(kind.PluralName)] = kind.Id;
            }

            var categories = await db.Categories.AsNoTracking().ToListAsync(cancellationToken);
            var series = await db.Series.AsNoTracking().ToListAsync(cancellationToken);
            var speakers = await db.Speakers.AsNoTracking().ToListAsync(cancellationToken);
            var resources = await db.Resources.AsNoTracking().Select(r => new { r.Id, r.Slug, r.ExternalId, r.DeletedAt }).ToListAsync(cancellationToken);

            var context = new ImportContext
            {
                Kinds = kindLookup,
                KindNames = [.. kinds.Select(k => k.Name)],
                Categories = categories.SelectMany(c => new[] { (Fold(c.Name), c.Id), (Fold(c.Slug), c.Id) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
                Series = series.SelectMany(s => new[] { (Fold(s.Name), s.Id), (Fold(s.Slug), s.Id) }).DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
                Speakers = speakers.ToDictionary(s => s.Slug, s => s.Id),
                Organisations = [.. speakers.Select(s => s.Organisation).Concat(await db.ResourceSpeakers.AsNoTracking().Select(rs => rs.Organisation).Distinct().ToListAsync(cancellationToken)).Where(o => !string.IsNullOrEmpty(o)).Select(o => o!)],
                BySlug = resources.ToDictionary(r => r.Slug, r => r.Id),
                ByExternalId = resources.Where(r => r.ExternalId != null).ToDictionary(r => r.ExternalId!, r => r.Id),
                OldSlugs = await db.ResourceSlugRedirects.AsNoTracking().ToDictionaryAsync(r => r.OldSlug, r => r.ResourceId, cancellationToken),
                NowUtc = nowUtc,
                CategorySlugs = [.. categories.Select(c => c.Slug)],
                SeriesSlugs = [.. series.Select(s => s.Slug)],
            };

            return context;
        }
    }
}
