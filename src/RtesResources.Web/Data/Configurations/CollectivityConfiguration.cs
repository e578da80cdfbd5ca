using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class CollectivityConfiguration : IEntityTypeConfiguration<Collectivity>
{
    public void Configure(EntityTypeBuilder<Collectivity> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(Collectivity.NameMaxLength).IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Kind).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.Siren).HasMaxLength(9);
        builder.HasIndex(c => c.Siren).IsUnique();
    }
}
