using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

/// <summary>
/// Import of the catalogue from a file of its documented format (<see cref="CatalogueFile"/>, docs/import.md).
/// The file is read as a stream, never held in memory: each row is checked, then saved
/// with a thousand others, all in one transaction that is committed only when every row was valid
/// (the dry run only checks). Rows match existing resources by external_id, then by slug, so importing
/// the same file again changes nothing.
/// </summary>
public sealed class CatalogueImport(
    AppDbContext db,
    ResourceEditorService editor,
    TimeProvider clock,
    MarkdownRenderer renderer,
    PrerenderedContent prerendered,
    SqliteStatementCache statements,
    ILogger<CatalogueImport> logger)
{
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
        var report = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            editor.KeepDroppedCaptions();
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
                editor.KeepDroppedCaptions();
            }

            return report;
        }, cancellationToken);

        // Rows that replaced or removed a video with captions: their files go once the import is committed.
        await editor.DeleteDroppedCaptionsAsync(cancellationToken);
        return report;
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
                var checkedRow = ImportRows.Check(row, context);
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
                        foreach (var row in CatalogueFile.ReadRows(file, format, Problems))
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
        var inputs = rows.Select(r => (r.Row, r.Match, Input: ImportRows.ToInput(r.Row, r.Match, lookups))).ToList();
        var categoryIds = inputs.SelectMany(i => i.Input.CategoryIds).Distinct().ToList();
        var categories = await db.Categories.Where(c => categoryIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

        var claimedExternalIds = new List<(int Id, string ExternalId)>();
        foreach (var (row, match, input) in inputs)
        {
            var externalId = CatalogueFile.NullIfEmpty(row.Get("external_id"));
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
}
