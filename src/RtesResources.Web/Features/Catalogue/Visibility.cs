using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>What the public site shows: published (the date has come), not in the bin. Decided at query time.</summary>
public static class Visibility
{
    public static IQueryable<Resource> PubliclyVisible(this IQueryable<Resource> resources, DateTime nowUtc) =>
        resources.Where(r => r.DeletedAt == null && r.PublishAt != null && r.PublishAt <= nowUtc);
}
