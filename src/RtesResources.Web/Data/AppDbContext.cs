using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Data;

/// <summary>
/// The one DbContext of the app. Each database provider has a subclass that carries its own
/// migrations (SqliteAppDbContext, SqlServerAppDbContext); the app always asks for AppDbContext.
/// </summary>
public class AppDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>
    /// Set by a bulk writer for as long as it writes (the import): on SQLite its saves then send a few
    /// INSERTs per command (<see cref="SqliteStatementGroups"/>); every other save sends one per command.
    /// </summary>
    public bool GroupStatements { get; set; }

    public DbSet<Resource> Resources => Set<Resource>();
    public DbSet<ResourceKind> ResourceKinds => Set<ResourceKind>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Speaker> Speakers => Set<Speaker>();
    public DbSet<ResourceSpeaker> ResourceSpeakers => Set<ResourceSpeaker>();
    public DbSet<ResourceLink> ResourceLinks => Set<ResourceLink>();
    public DbSet<Series> Series => Set<Series>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<ResourceSlugRedirect> ResourceSlugRedirects => Set<ResourceSlugRedirect>();
    public DbSet<ResourceRevision> ResourceRevisions => Set<ResourceRevision>();
    public DbSet<Collectivity> Collectivities => Set<Collectivity>();
    public DbSet<MembershipPeriod> MembershipPeriods => Set<MembershipPeriod>();
    public DbSet<AccountLink> AccountLinks => Set<AccountLink>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<SearchIndexChange> SearchIndexChanges => Set<SearchIndexChange>();
    public DbSet<SearchSynonym> SearchSynonyms => Set<SearchSynonym>();
    public DbSet<ResourceViewDay> ResourceViewDays => Set<ResourceViewDay>();
    public DbSet<FileDownloadDay> FileDownloadDays => Set<FileDownloadDay>();
    public DbSet<PrivateDownloadDay> PrivateDownloadDays => Set<PrivateDownloadDay>();
    public DbSet<UnfoundSearchWeek> UnfoundSearchWeeks => Set<UnfoundSearchWeek>();
    public DbSet<BackgroundLease> BackgroundLeases => Set<BackgroundLease>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    /// <summary>The Data Protection key ring shared by every instance (<see cref="KeyRing"/>).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }
}
