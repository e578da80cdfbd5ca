using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder.HasOne(u => u.Collectivity).WithMany(c => c.Users).HasForeignKey(u => u.CollectivityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.CollectivityId);
    }
}
