using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data;

/// <summary>
/// Fills CreatedAt/UpdatedAt in one place so that no service can forget it, and moves each modified
/// resource to its next version (the concurrency token both SQLite and SQL Server check).
/// </summary>
public sealed class TimestampInterceptor(TimeProvider clock) : SavingChangesInterceptor
{
    protected override void BeforeSave(DbContext context)
    {
        var now = clock.GetUtcNow().UtcDateTime;
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
            }
        }

        foreach (var entry in context.ChangeTracker.Entries<Resource>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version = entry.Property(r => r.Version).OriginalValue + 1;
        }
    }
}
