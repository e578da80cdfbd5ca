using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class FileDownloadDayConfiguration : IEntityTypeConfiguration<FileDownloadDay>
{
    public void Configure(EntityTypeBuilder<FileDownloadDay> builder)
    {
        builder.HasKey(d => new { d.AttachmentId, d.Day });
        builder.HasIndex(d => new { d.Day, d.AttachmentId });
        builder.HasOne(d => d.Attachment).WithMany().HasForeignKey(d => d.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
