using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class PrivateDownloadDayConfiguration : IEntityTypeConfiguration<PrivateDownloadDay>
{
    public void Configure(EntityTypeBuilder<PrivateDownloadDay> builder)
    {
        builder.HasKey(d => new { d.CollectivityId, d.Day });
        // The period filter and the yearly purge both read by day.
        builder.HasIndex(d => new { d.Day, d.CollectivityId });
        builder.HasOne(d => d.Collectivity).WithMany().HasForeignKey(d => d.CollectivityId).OnDelete(DeleteBehavior.Cascade);
    }
}
