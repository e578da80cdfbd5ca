using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceKindConfiguration : IEntityTypeConfiguration<ResourceKind>
{
    public void Configure(EntityTypeBuilder<ResourceKind> builder)
    {
        builder.Property(k => k.Slug).HasMaxLength(100).IsRequired();
        builder.HasIndex(k => k.Slug).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(100).IsRequired();
        builder.Property(k => k.PluralName).HasMaxLength(100).IsRequired();
    }
}
