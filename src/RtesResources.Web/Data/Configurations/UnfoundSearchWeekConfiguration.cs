using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class UnfoundSearchWeekConfiguration : IEntityTypeConfiguration<UnfoundSearchWeek>
{
    public void Configure(EntityTypeBuilder<UnfoundSearchWeek> builder)
    {
        // Week first: the key also serves the period filter and the purge.
        builder.HasKey(s => new { s.WeekStart, s.Text });
        builder.Property(s => s.Text).HasMaxLength(UnfoundSearchWeek.TextMaxLength);
    }
}
