using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RtesResources.Web.Data.Configurations;

/// <summary>
/// The Data Protection key ring (ADR-020): every instance of the site reads and adds keys here, so a
/// cookie, an antiforgery token or a protected link made by one instance is read by another.
/// </summary>
public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        // The library names keys "key-{guid}"; a bound keeps the column out of SQL Server's nvarchar(max).
        builder.Property(k => k.FriendlyName).HasMaxLength(100);
    }
}
