using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// Writes a SearchIndexChange row for everything a save changes in what the index holds, inside
/// that same save (so in its transaction): no service can forget it, and no change is recorded for
/// a save that fails. Once the change is committed, this process's index applies it at once, so the
/// next page an editor opens already finds it; other processes read the rows within a second.
/// </summary>
public sealed class SearchChangeInterceptor(SearchIndex index, TimeProvider clock, ILogger<SearchChangeInterceptor> logger) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private bool _uncommittedChanges;

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        RecordChanges(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        RecordChanges(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_uncommittedChanges && eventData.Context?.Database.CurrentTransaction is null)
        {
            await ApplyNowAsync(cancellationToken);
        }

        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (_uncommittedChanges)
        {
            await ApplyNowAsync(cancellationToken);
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        _uncommittedChanges = false;
        return Task.CompletedTask;
    }

    /// <summary>The save is done whatever happens here: a failure is left to the worker, which reads the same rows.</summary>
    private async Task ApplyNowAsync(CancellationToken cancellationToken)
    {
        _uncommittedChanges = false;
        try
        {
            await index.ApplyChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.ApplyFailed(exception);
        }
    }

    private void RecordChanges(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var changes = new List<SearchIndexChange>();
        var resourceIds = new HashSet<int>();
        var scopes = new HashSet<string>();

        foreach (var entry in context.ChangeTracker.Entries().ToList())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case Resource resource when entry.State == EntityState.Added:
                    changes.Add(new SearchIndexChange { Resource = resource, CreatedAt = now });
                    break;
                case Resource resource when entry.State == EntityState.Deleted:
                    changes.Add(new SearchIndexChange { RemovedResourceId = resource.Id, CreatedAt = now });
                    break;
                case Resource resource:
                    resourceIds.Add(resource.Id);
                    break;
                case Attachment or ResourceSpeaker or ResourceLink:
                    AddOwner(entry, resourceIds);
                    break;
                case Dictionary<string, object> when entry.Metadata.Name == "ResourceCategories":
                    AddOwner(entry, resourceIds);
                    break;
                case ResourceKind kind:
                    scopes.Add(SearchChangeScopes.Of(SearchChangeScopes.Kind, kind.Id));
                    break;
                case Category category:
                    scopes.Add(SearchChangeScopes.Of(SearchChangeScopes.Category, category.Id));
                    break;
                case Speaker speaker:
                    scopes.Add(SearchChangeScopes.Of(SearchChangeScopes.Speaker, speaker.Id));
                    break;
                case Series series:
                    scopes.Add(SearchChangeScopes.Of(SearchChangeScopes.Series, series.Id));
                    break;
                case SearchSynonym:
                    scopes.Add(SearchChangeScopes.All);
                    break;
            }
        }

        // A new term has no documents yet: its row still tells every process that the lists changed.
        changes.AddRange(resourceIds.Select(id => new SearchIndexChange { ResourceId = id, CreatedAt = now }));
        changes.AddRange(scopes.Select(scope => new SearchIndexChange { Scope = scope, CreatedAt = now }));
        if (changes.Count == 0)
        {
            return;
        }

        context.AddRange(changes);
        _uncommittedChanges = true;
    }

    /// <summary>The resource a dependent row belongs to, unless that resource is new (its own row covers it).</summary>
    private static void AddOwner(EntityEntry entry, HashSet<int> resourceIds)
    {
        var property = entry.Property("ResourceId");
        if (!property.IsTemporary && property.CurrentValue is int id && id > 0)
        {
            resourceIds.Add(id);
        }

        // A dependent moved from one resource to another changes both.
        if (entry.State == EntityState.Modified && property.OriginalValue is int original && original > 0 && original != (property.CurrentValue as int?))
        {
            resourceIds.Add(original);
        }
    }
}
