using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceLinkConfiguration : IEntityTypeConfiguration<ResourceLink>
{
    public void Configure(EntityTypeBuilder<ResourceLink> builder)
    {
        builder.Property(l => l.Label).HasMaxLength(300).IsRequired();
        builder.Property(l => l.Url).HasMaxLength(ResourceLink.UrlMaxLength).IsRequired();
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.TranscriptMarkdown).IsRequired();
        builder.Property(l => l.TranscriptHtml).IsRequired();
        builder.Property(l => l.CaptionsStorageKey).HasMaxLength(100);
        builder.Property(l => l.CaptionsSha256).HasMaxLength(64);
        builder.HasOne(l => l.Resource).WithMany(r => r.Links).HasForeignKey(l => l.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
