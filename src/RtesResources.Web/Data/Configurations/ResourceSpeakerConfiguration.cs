using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class ResourceSpeakerConfiguration : IEntityTypeConfiguration<ResourceSpeaker>
{
    public void Configure(EntityTypeBuilder<ResourceSpeaker> builder)
    {
        builder.HasKey(rs => new { rs.ResourceId, rs.SpeakerId });
        // "Every talk by this person" reads the link table by speaker.
        builder.HasIndex(rs => rs.SpeakerId);
        builder.Property(rs => rs.Role).HasMaxLength(400);
        builder.Property(rs => rs.Organisation).HasMaxLength(300);
        builder.HasOne(rs => rs.Resource).WithMany(r => r.Speakers).HasForeignKey(rs => rs.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(rs => rs.Speaker).WithMany(s => s.Resources).HasForeignKey(rs => rs.SpeakerId).OnDelete(DeleteBehavior.Restrict);
    }
}
