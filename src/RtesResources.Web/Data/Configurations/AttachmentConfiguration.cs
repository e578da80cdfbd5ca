using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Label).HasMaxLength(300).IsRequired();
        builder.Property(a => a.FileName).HasMaxLength(Attachment.FileNameMaxLength).IsRequired();
        builder.Property(a => a.ContentType).HasMaxLength(150).IsRequired();
        builder.Property(a => a.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(a => a.StorageKey).HasMaxLength(300).IsRequired();
        builder.HasIndex(a => new { a.ResourceId, a.Position });
        builder.HasIndex(a => a.Sha256);
        builder.Property(a => a.TextError).HasMaxLength(500);
        builder.Property(a => a.TextState).HasConversion<string>().HasMaxLength(20);
        // The extraction worker looks for pending files whose claim, if any, has expired.
        builder.HasIndex(a => new { a.TextState, a.TextClaimedUntil });
        builder.HasOne(a => a.Resource).WithMany(r => r.Attachments).HasForeignKey(a => a.ResourceId).OnDelete(DeleteBehavior.Cascade);
    }
}
