using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceSlugRedirectConfiguration : IEntityTypeConfiguration<ResourceSlugRedirect>
{
    public void Configure(EntityTypeBuilder<ResourceSlugRedirect> builder)
    {
        builder.Property(r => r.OldSlug).HasMaxLength(Resource.SlugMaxLength).IsRequired();
        builder.HasIndex(r => r.OldSlug).IsUnique();
        builder.HasOne(r => r.Resource).WithMany(r => r.OldSlugs).HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
