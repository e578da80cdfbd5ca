using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data;

/// <summary>
/// Fills CreatedAt/UpdatedAt in one place so that no service can forget it, and moves each modified
/// resource to its next version (the concurrency token both SQLite and SQL Server check). With
/// automatic change detection off (a bulk writer that detected changes itself), what it sets on
/// modified entities is detected here.
/// </summary>
public sealed class TimestampInterceptor(TimeProvider clock) : SavingChangesInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var detectOwnChanges = !context.ChangeTracker.AutoDetectChangesEnabled;
        foreach (var entry in context.ChangeTracker.Entries<IHasTimestamps>())
        {
            if (entry.State == EntityState.Added)
            {
                entry.Entity.CreatedAt = now;
                entry.Entity.UpdatedAt = now;
            }
            else if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedAt = now;
                if (entry.Entity is Resource resource)
                {
                    resource.Version = (int)entry.Property(nameof(Resource.Version)).OriginalValue! + 1;
                }

                if (detectOwnChanges)
                {
                    entry.DetectChanges();
                }
            }
        }
    }
}
