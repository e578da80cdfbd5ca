using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Caching;

/// <summary>
/// Evicts the cached pages a save affects, once the save has succeeded, so that the next request after
/// an edit, a publication or a bin move renders afresh. Within a transaction (an import) it evicts again
/// at commit: pages rendered in between still read the committed, older rows.
/// </summary>
/// <remarks>Scoped, like the context it joins: what a save affects is collected per context.</remarks>
public sealed class PageCacheInvalidationInterceptor(PageCacheEvictor evictor) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly HashSet<int> _resourceIds = [];
    private bool _listings;
    private bool _allPages;

    // Saves inside an open transaction, evicted again when it commits.
    private readonly HashSet<int> _uncommittedIds = [];
    private bool _uncommittedListings;
    private bool _uncommittedAll;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        // The sync path of EF has no async alternative (the memory store evicts synchronously; Redis blocks for a round trip).
        EvictCollectedAsync(eventData.Context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        await EvictCollectedAsync(eventData.Context, cancellationToken);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Clear();

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Clear();

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Clear();
        return Task.CompletedTask;
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        EvictUncommittedAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    async Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken) =>
        await EvictUncommittedAsync(cancellationToken);

    void IDbTransactionInterceptor.TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => ClearUncommitted();

    Task IDbTransactionInterceptor.TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        ClearUncommitted();
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                Collect(entry);
            }
        }
    }

    private void Collect(EntityEntry entry)
    {
        switch (entry.Entity)
        {
            case Resource resource when entry.State == EntityState.Modified && !ChangesWhatIsListedAround(entry):
                _resourceIds.Add(resource.Id);
                _listings = true;
                break;
            case Resource:
                // Created, purged, published, unpublished, binned or moved in a series: it may now
                // appear or vanish among any page's related resources, not only where it was shown.
                _allPages = true;
                break;
            case Attachment attachment:
                _resourceIds.Add(attachment.ResourceId);
                break;
            case ResourceLink link:
                _resourceIds.Add(link.ResourceId);
                break;
            case ResourceSpeaker speaker:
                // Also the catalogue filtered by this speaker.
                _resourceIds.Add(speaker.ResourceId);
                _listings = true;
                break;
            case Category or ResourceKind or Speaker or Series:
                // Their names are on cards, facets and pages everywhere.
                _allPages = true;
                break;
            case Dictionary<string, object> when entry.Metadata.Name == "ResourceCategories":
                // Thématiques decide related resources of other pages too.
                _allPages = true;
                break;
        }
    }

    private static bool ChangesWhatIsListedAround(EntityEntry entry) =>
        entry.Properties.Any(p => p.IsModified && p.Metadata.Name is nameof(Resource.PublishAt) or nameof(Resource.DeletedAt)
            or nameof(Resource.SeriesId) or nameof(Resource.SeriesNumber));

    private async ValueTask EvictCollectedAsync(DbContext? context, CancellationToken cancellationToken)
    {
        if (context?.Database.CurrentTransaction is not null)
        {
            _uncommittedIds.UnionWith(_resourceIds);
            _uncommittedListings |= _listings;
            _uncommittedAll |= _allPages;
        }

        await EvictAsync(_resourceIds, _listings, _allPages, cancellationToken);
        Clear();
    }

    private async ValueTask EvictUncommittedAsync(CancellationToken cancellationToken)
    {
        await EvictAsync(_uncommittedIds, _uncommittedListings, _uncommittedAll, cancellationToken);
        ClearUncommitted();
    }

    private async ValueTask EvictAsync(HashSet<int> resourceIds, bool listings, bool allPages, CancellationToken cancellationToken)
    {
        if (allPages)
        {
            await evictor.EvictAllAsync(cancellationToken);
        }
        else if (resourceIds.Count > 0 || listings)
        {
            await evictor.EvictAsync([.. resourceIds], listings, cancellationToken);
        }
    }

    private void Clear()
    {
        _resourceIds.Clear();
        _listings = false;
        _allPages = false;
    }

    private void ClearUncommitted()
    {
        _uncommittedIds.Clear();
        _uncommittedListings = false;
        _uncommittedAll = false;
    }
}
