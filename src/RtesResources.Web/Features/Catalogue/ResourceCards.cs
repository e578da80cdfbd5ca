using System.Linq.Expressions;
using RtesResources.Web.Domain;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Catalogue;

/// <summary>The one projection of a resource into a card, translated to SQL wherever a list is shown.</summary>
public static class ResourceCards
{
    public static readonly Expression<Func<Resource, ResourceCardViewModel>> Projection =
        r => new ResourceCardViewModel(r.Slug, r.Title, r.Kind.Name, r.PublishedOn, r.EventDate, r.IsPrivate, r.Excerpt) { Id = r.Id };

    public static IQueryable<ResourceCardViewModel> ToCards(this IQueryable<Resource> resources) => resources.Select(Projection);
}
