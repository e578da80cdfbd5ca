using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class MembershipPeriodConfiguration : IEntityTypeConfiguration<MembershipPeriod>
{
    public void Configure(EntityTypeBuilder<MembershipPeriod> builder)
    {
        builder.HasOne(p => p.Collectivity).WithMany(c => c.Memberships).HasForeignKey(p => p.CollectivityId).OnDelete(DeleteBehavior.Cascade);
        // The access check asks "does a period of this collectivity cover today?".
        builder.HasIndex(p => new { p.CollectivityId, p.EndsOn });
    }
}
