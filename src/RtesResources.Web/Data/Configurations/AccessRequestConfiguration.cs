using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class AccessRequestConfiguration : IEntityTypeConfiguration<AccessRequest>
{
    public void Configure(EntityTypeBuilder<AccessRequest> builder)
    {
        builder.Property(r => r.Email).HasMaxLength(256).IsRequired();
        builder.Property(r => r.FullName).HasMaxLength(200).IsRequired();
        builder.Property(r => r.CollectivityName).HasMaxLength(Collectivity.NameMaxLength).IsRequired();
        builder.Property(r => r.JobTitle).HasMaxLength(200);
        builder.Property(r => r.Message).HasMaxLength(2000);
        builder.Property(r => r.DecisionMessage).HasMaxLength(2000);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
    }
}
