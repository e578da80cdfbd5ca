using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>The catalogue's queries over <see cref="Visibility"/>, the rule that lives in the domain.</summary>
public static class PublicResources
{
    public static IQueryable<Resource> PubliclyVisible(this IQueryable<Resource> resources, DateTime nowUtc) =>
        resources.Where(Visibility.IsPublic(nowUtc));
}
