namespace RtesResources.Web.Features.Catalogue;

/// <summary>
/// The address of a resource's public page (the route of CatalogueController.Detail), built in one
/// place for every link, card, feed entry and sitemap line. Asking the router for it cost a listing
/// more than the rest of its cards; a test checks that both give the same address.
/// </summary>
public static class ResourceUrls
{
    public static string Page(string slug) => string.Concat("/ressources/", Uri.EscapeDataString(slug));
}
