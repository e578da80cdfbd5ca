using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class SearchIndexChangeConfiguration : IEntityTypeConfiguration<SearchIndexChange>
{
    public void Configure(EntityTypeBuilder<SearchIndexChange> builder)
    {
        builder.Property(c => c.Scope).HasMaxLength(50);
        builder.HasIndex(c => c.CreatedAt);
        // A purge leaves its own row (RemovedResourceId); older rows about the resource just lose their link.
        builder.HasOne(c => c.Resource).WithMany().HasForeignKey(c => c.ResourceId).OnDelete(DeleteBehavior.SetNull);
    }
}
