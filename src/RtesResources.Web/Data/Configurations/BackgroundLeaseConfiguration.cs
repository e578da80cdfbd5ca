using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class BackgroundLeaseConfiguration : IEntityTypeConfiguration<BackgroundLease>
{
    public void Configure(EntityTypeBuilder<BackgroundLease> builder)
    {
        // The name is the key: of two instances inserting the same lease, the database refuses one.
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(BackgroundLease.NameMaxLength);
        builder.Property(l => l.Holder).HasMaxLength(BackgroundLease.HolderMaxLength).IsRequired();
    }
}
