using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Statistics;

/// <summary>
/// Writes the buffered counts to the daily (weekly for searches) counter rows, adding to a row when
/// it exists. Counts that cannot be written go back to the buffer for the next write.
/// </summary>
public sealed partial class UsageWriter(UsageBuffer buffer, IServiceScopeFactory scopes, TimeProvider clock, IOptions<StatisticsOptions> options, ILogger<UsageWriter> logger) : IDisposable
{
    // One write at a time: the worker's timer and the shutdown may meet.
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    /// <summary>Writes every count buffered so far; returns how many counter rows it touched.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        // A host stopped after its services were disposed (a test host disposed twice): nothing left to write with.
        if (Volatile.Read(ref _disposed))
        {
            return 0;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var counts = buffer.Drain();
            if (counts.Count == 0)
            {
                return 0;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var slugs = counts.Where(c => c.Key.Counter == UsageCounter.View).Select(c => c.Key.Subject).Distinct().ToList();
            var resources = slugs.Count == 0
                ? []
                : await db.Resources.AsNoTracking().Where(r => slugs.Contains(r.Slug)).ToDictionaryAsync(r => r.Slug, r => r.Id, StringComparer.Ordinal, cancellationToken);

            var written = 0;
            for (var i = 0; i < counts.Count; i++)
            {
                var (key, count) = (counts[i].Key, counts[i].Value);
                try
                {
                    written += await WriteAsync(db, key, count, resources, cancellationToken) ? 1 : 0;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // The database is away: keep this count and the rest for the next write.
                    LogWriteFailed(logger, exception);
                    foreach (var rest in counts.Skip(i))
                    {
                        buffer.Add(rest.Key, rest.Value);
                    }

                    break;
                }
            }

            return written;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes private downloads per collectivity and searches without result past the retention.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var before = clock.Today().AddDays(-options.Value.RetentionDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var downloads = await db.PrivateDownloadDays.Where(d => d.Day < before).ExecuteDeleteAsync(cancellationToken);
        var searches = await db.UnfoundSearchWeeks.Where(s => s.WeekStart < before).ExecuteDeleteAsync(cancellationToken);
        return downloads + searches;
    }

    private static async Task<bool> WriteAsync(AppDbContext db, UsageKey key, int count, Dictionary<string, int> resources, CancellationToken cancellationToken)
    {
        var day = key.Day;
        switch (key.Counter)
        {
            case UsageCounter.View when resources.TryGetValue(key.Subject, out var resourceId):
                return await UpsertAsync(
                    db,
                    () => db.ResourceViewDays.Where(v => v.ResourceId == resourceId && v.Day == day).ExecuteUpdateAsync(s => s.SetProperty(v => v.Count, v => v.Count + count), cancellationToken),
                    new ResourceViewDay { ResourceId = resourceId, Day = day, Count = count },
                    cancellationToken);
            case UsageCounter.Download when Guid.TryParse(key.Subject, out var attachmentId):
                return await UpsertAsync(
                    db,
                    () => db.FileDownloadDays.Where(d => d.AttachmentId == attachmentId && d.Day == day).ExecuteUpdateAsync(s => s.SetProperty(d => d.Count, d => d.Count + count), cancellationToken),
                    new FileDownloadDay { AttachmentId = attachmentId, Day = day, Count = count },
                    cancellationToken);
            case UsageCounter.PrivateDownload when int.TryParse(key.Subject, System.Globalization.CultureInfo.InvariantCulture, out var collectivityId):
                return await UpsertAsync(
                    db,
                    () => db.PrivateDownloadDays.Where(d => d.CollectivityId == collectivityId && d.Day == day).ExecuteUpdateAsync(s => s.SetProperty(d => d.Count, d => d.Count + count), cancellationToken),
                    new PrivateDownloadDay { CollectivityId = collectivityId, Day = day, Count = count },
                    cancellationToken);
            case UsageCounter.UnfoundSearch:
                var text = key.Subject;
                return await UpsertAsync(
                    db,
                    () => db.UnfoundSearchWeeks.Where(s => s.WeekStart == day && s.Text == text).ExecuteUpdateAsync(s => s.SetProperty(w => w.Count, w => w.Count + count), cancellationToken),
                    new UnfoundSearchWeek { WeekStart = day, Text = text, Count = count },
                    cancellationToken);
            default:
                // A page whose resource has gone since (renamed slugs redirect, so are never counted).
                return false;
        }
    }

    /// <summary>Adds to the row, or creates it; if another instance created it meanwhile, adds to it then.</summary>
    private static async Task<bool> UpsertAsync<T>(AppDbContext db, Func<Task<int>> increment, T row, CancellationToken cancellationToken)
        where T : class
    {
        if (await increment() > 0)
        {
            return true;
        }

        var entry = db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // A row created by another instance (key taken), or a file or collectivity deleted since
            // (foreign key): the second increment tells which.
            return await increment() > 0;
        }
        finally
        {
            entry.State = EntityState.Detached;
        }
    }

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        _gate.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Usage counts could not be written; they are kept for the next write")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
