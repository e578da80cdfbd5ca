using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceRevisionConfiguration : IEntityTypeConfiguration<ResourceRevision>
{
    public void Configure(EntityTypeBuilder<ResourceRevision> builder)
    {
        builder.Property(r => r.SavedByName).HasMaxLength(256).IsRequired();
        builder.Property(r => r.ChangedFields).HasMaxLength(1000).IsRequired();
        builder.Property(r => r.SavedByUserId).HasMaxLength(450);
        builder.HasIndex(r => new { r.ResourceId, r.Number }).IsUnique();
        builder.HasIndex(r => r.SavedAt);
        builder.HasOne(r => r.Resource).WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
