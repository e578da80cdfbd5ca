using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;

namespace RtesResources.Web.Features.Statistics;

public enum CountedPage
{
    ResourceView,
    CatalogueSearch,
}

/// <summary>Marks an action whose successful GETs are counted by <see cref="UsageCountingMiddleware"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class CountsUsageAttribute(CountedPage page) : Attribute
{
    public CountedPage Page { get; } = page;
}

/// <summary>
/// Counts pages marked with <see cref="CountsUsageAttribute"/>. It runs before the output cache, so a
/// page served from the cache is counted as well as one rendered; the count is taken after the
/// response, from memory only, so a page never waits for it.
/// </summary>
public sealed class UsageCountingMiddleware(RequestDelegate next, UsageRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var counted = context.GetEndpoint()?.Metadata.GetMetadata<CountsUsageAttribute>();
        await next(context);
        if (counted is null
            || context.Response.StatusCode != StatusCodes.Status200OK
            || context.Items.ContainsKey(UsageRecorder.NotCountedItem)
            || !UsageRequests.IsCountable(context.Request))
        {
            return;
        }

        switch (counted.Page)
        {
            case CountedPage.ResourceView when context.GetRouteValue("slug") is string slug:
                recorder.RecordView(context, slug);
                break;
            case CountedPage.CatalogueSearch:
                recorder.RecordSearch(context);
                break;
        }
    }
}

/// <summary>The file controller's part: a download is counted once its response starts well.</summary>
public sealed class DownloadCounting(UsageRecorder recorder, AppDbContext db)
{
    public async Task CountAsync(HttpContext context, Guid attachmentId, bool isPrivate, CancellationToken cancellationToken)
    {
        if (!UsageRequests.IsCountable(context.Request) || !UsageRecorder.StartsADownload(context.Request))
        {
            return;
        }

        // Per collectivity, never per person: the account is only the way to its collectivity.
        var userId = context.User.Identity?.IsAuthenticated == true ? context.User.FindFirstValue(ClaimTypes.NameIdentifier) : null;
        int? collectivityId = isPrivate && userId is not null
            ? await db.Users.Where(u => u.Id == userId).Select(u => u.CollectivityId).SingleOrDefaultAsync(cancellationToken)
            : null;

        context.Response.OnStarting(() =>
        {
            // 200, or 206 for a range from the first byte; a 304 or 416 sends no file.
            if (context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status206PartialContent)
            {
                recorder.RecordDownload(context, attachmentId, collectivityId);
            }

            return Task.CompletedTask;
        });
    }
}
