using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>The catalogue's queries over <see cref="Visibility"/>, the rule that lives in the domain.</summary>
public static class PublicResources
{
    public static IQueryable<Resource> PubliclyVisible(this IQueryable<Resource> resources, DateTime nowUtc) =>
        resources.Where(Visibility.IsPublic(nowUtc));

    /// <summary>
    /// The licence of each of these resources, by id: cards come from the search index, which does
    /// not carry licences, so the feed and the API read them in one query for the page they show.
    /// </summary>
    public static async Task<IReadOnlyDictionary<int, Licence>> LicencesAsync(this IQueryable<Resource> resources, IReadOnlyCollection<int> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return new Dictionary<int, Licence>();
        }

        var codes = await resources.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.Licence }).ToListAsync(cancellationToken);
        return codes.ToDictionary(r => r.Id, r => Licences.OfCode(r.Licence));
    }
}
