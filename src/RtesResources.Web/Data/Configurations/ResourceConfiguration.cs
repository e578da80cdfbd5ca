using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceConfiguration : IEntityTypeConfiguration<Resource>
{
    public void Configure(EntityTypeBuilder<Resource> builder)
    {
        builder.Property(r => r.Slug).HasMaxLength(Resource.SlugMaxLength).IsRequired();
        builder.HasIndex(r => r.Slug).IsUnique();
        builder.Property(r => r.ExternalId).HasMaxLength(100);
        builder.HasIndex(r => r.ExternalId).IsUnique();
        builder.Property(r => r.Title).HasMaxLength(Resource.TitleMaxLength).IsRequired();
        builder.Property(r => r.SourceType).HasMaxLength(100).IsRequired();
        builder.Property(r => r.Licence).HasMaxLength(Licences.CodeMaxLength).IsRequired();
        builder.Property(r => r.Excerpt).HasMaxLength(Resource.ExcerptMaxLength + 10);

        builder.Property(r => r.Version).IsConcurrencyToken();

        // What the public sees is decided at query time from DeletedAt and PublishAt. The index also
        // carries what the facet counts read, so that they never touch the (wide) rows themselves.
        builder.HasIndex(r => new { r.DeletedAt, r.PublishAt, r.PublishedOn, r.KindId, r.IsPrivate, r.SeriesId })
            .HasDatabaseName("IX_Resources_Visibility");

        // Catalogue filters: newest first, by kind, by year (a date range on PublishedOn), by access.
        builder.HasIndex(r => r.PublishedOn);
        builder.HasIndex(r => new { r.KindId, r.PublishedOn });
        builder.HasIndex(r => new { r.IsPrivate, r.PublishedOn });
        builder.HasIndex(r => new { r.SeriesId, r.SeriesNumber });

        builder.HasOne(r => r.Kind).WithMany().HasForeignKey(r => r.KindId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Series).WithMany(s => s.Resources).HasForeignKey(r => r.SeriesId).OnDelete(DeleteBehavior.SetNull);

        builder.HasMany(r => r.Categories)
            .WithMany(c => c.Resources)
            .UsingEntity(
                "ResourceCategories",
                right => right.HasOne(typeof(Category)).WithMany().HasForeignKey("CategoryId").OnDelete(DeleteBehavior.Restrict),
                left => left.HasOne(typeof(Resource)).WithMany().HasForeignKey("ResourceId").OnDelete(DeleteBehavior.Cascade),
                join =>
                {
                    join.HasKey("ResourceId", "CategoryId");
                    join.HasIndex("CategoryId");
                });
    }
}
