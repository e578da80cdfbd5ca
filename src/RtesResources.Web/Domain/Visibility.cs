using System.Linq.Expressions;

namespace RtesResources.Web.Domain;

/// <summary>
/// What the public sees, decided at query time from PublishAt and DeletedAt: the one definition that
/// queries (as SQL) and pages (in memory) share.
/// </summary>
public static class Visibility
{
    public static Expression<Func<Resource, bool>> IsPublic(DateTime nowUtc) =>
        r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= nowUtc;

    public static PublicationStatus StatusOf(DateTime? publishAt, DateTime? deletedAt, DateTime nowUtc) =>
        deletedAt is not null ? PublicationStatus.InBin
        : publishAt is null ? PublicationStatus.Draft
        : publishAt > nowUtc ? PublicationStatus.Scheduled
        : PublicationStatus.Published;
}
