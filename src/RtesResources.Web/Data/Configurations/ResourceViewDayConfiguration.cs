using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceViewDayConfiguration : IEntityTypeConfiguration<ResourceViewDay>
{
    public void Configure(EntityTypeBuilder<ResourceViewDay> builder)
    {
        builder.HasKey(v => new { v.ResourceId, v.Day });
        // The statistics screen filters on a period first.
        builder.HasIndex(v => new { v.Day, v.ResourceId });
        builder.HasOne(v => v.Resource).WithMany().HasForeignKey(v => v.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
