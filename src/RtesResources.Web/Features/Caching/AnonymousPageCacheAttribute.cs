using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Caching;

/// <summary>
/// Output-caches a public page for anonymous visitors only (ADR-010). As a cache policy it decides,
/// before anything runs, that signed-in requests neither read nor write the cache; as a result filter
/// it tags the page from its view model and bounds its lifetime by the next scheduled publication,
/// which only a rendered page (a cache miss) pays for.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AnonymousPageCacheAttribute : Attribute, IOutputCachePolicy, IAsyncResultFilter
{
    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;

        var minutes = http.RequestServices.GetRequiredService<IOptions<PageCacheOptions>>().Value.Minutes;
        var anonymous = IsAnonymous(http);
        context.EnableOutputCaching = anonymous && minutes > 0;
        context.AllowCacheLookup = context.EnableOutputCaching;
        context.AllowCacheStorage = context.EnableOutputCaching;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        context.Tags.Add(PageCacheEvictor.AllPagesTag);
        context.Tags.Add(http.RequestServices.GetRequiredService<PageCacheGeneration>().TagForNow());

        if (!anonymous)
        {
            // What a signed-in person sees may be theirs alone (name, logout form, private body).
            http.Response.Headers.CacheControl = "private, no-store";
        }

        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (http.Response.StatusCode != StatusCodes.Status200OK
            || !StringValues.IsNullOrEmpty(http.Response.Headers.SetCookie)
            || http.User.Identity?.IsAuthenticated == true)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        var cache = context.HttpContext.Features.Get<IOutputCacheFeature>()?.Context;
        if (cache is { EnableOutputCaching: true, AllowCacheStorage: true })
        {
            await PrepareStorageAsync(context, cache);
        }

        await next();
    }

    private static async Task PrepareStorageAsync(ResultExecutingContext context, OutputCacheContext cache)
    {
        var services = context.HttpContext.RequestServices;
        var db = services.GetRequiredService<AppDbContext>();
        var cancellationToken = context.HttpContext.RequestAborted;

        switch ((context.Result as ViewResult)?.Model)
        {
            case HomeViewModel or CatalogueViewModel or FeedViewModel or SitemapIndexViewModel or SitemapViewModel or SitePlanViewModel:
                cache.Tags.Add(PageCacheEvictor.ListingsTag);
                break;
            case InformationPageViewModel:
                // A statement changes with a release or the configuration, both of which restart the site.
                break;
            case ResourceDetailViewModel { Status: PublicationStatus.Published } page:
                cache.Tags.Add(PageCacheEvictor.ResourceTag(page.Id));
                foreach (var related in page.Related)
                {
                    cache.Tags.Add(PageCacheEvictor.ResourceTag(related.Id));
                }

                break;
            default:
                // Anything else (a staff preview of an unpublished resource, an unexpected result) is not kept.
                cache.AllowCacheStorage = false;
                return;
        }

        var clock = services.GetRequiredService<TimeProvider>();
        var lifetime = TimeSpan.FromMinutes(services.GetRequiredService<IOptions<PageCacheOptions>>().Value.Minutes);
        var now = clock.GetUtcNow().UtcDateTime;

        // Served by the (DeletedAt, PublishAt, ...) index: the page must not outlive the next publication.
        var next = await db.Resources.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.PublishAt > now)
            .MinAsync(r => r.PublishAt, cancellationToken);
        if (next is DateTime publishAt)
        {
            var untilPublication = publishAt - now;
            lifetime = untilPublication < lifetime ? untilPublication : lifetime;
        }

        cache.ResponseExpirationTimeSpan = lifetime;

        // The response's headers are kept as they are when the body starts: the page's own frame-src
        // must be in them so that a cached video page still lets its player load.
        context.HttpContext.Response.Headers.ContentSecurityPolicy =
            SecurityHeaders.PolicyFor(context.HttpContext.Items[SecurityHeaders.FrameSourcesItem] as IEnumerable<string>);
    }

    private static bool IsAnonymous(HttpContext http)
    {
        var request = http.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        if (http.User.Identity?.IsAuthenticated == true || !StringValues.IsNullOrEmpty(request.Headers.Authorization))
        {
            return false;
        }

        // A sign-in cookie that did not authenticate (expired, stamp changed) is still a signed-in
        // browser: it is answered fresh, and its response may carry the cookie's removal.
        var cookieName = http.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name;
        return cookieName is null || !request.Cookies.Keys.Any(k => k.StartsWith(cookieName, StringComparison.Ordinal));
    }
}
