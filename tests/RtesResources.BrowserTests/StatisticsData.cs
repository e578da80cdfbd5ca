using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.BrowserTests;

/// <summary>
/// Counts for the statistics screen, so that its tables and charts are checked filled (a headless
/// browser is a crawler to the site: its own visits are never counted). Idempotent: the site is shared.
/// </summary>
public static class StatisticsData
{
    public static async Task SeedAsync(BrowserSite site)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.ResourceViewDays.AnyAsync())
        {
            return;
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var resources = await db.Resources.OrderBy(r => r.Id).Select(r => r.Id).Take(4).ToListAsync();
        var files = await db.Attachments.OrderBy(a => a.Id).Select(a => a.Id).Take(2).ToListAsync();
        for (var i = 0; i < resources.Count; i++)
        {
            db.ResourceViewDays.Add(new ResourceViewDay { ResourceId = resources[i], Day = today.AddDays(-20 * i), Count = 10 - i });
        }

        foreach (var file in files)
        {
            db.FileDownloadDays.Add(new FileDownloadDay { AttachmentId = file, Day = today.AddMonths(-1), Count = 3 });
        }

        db.UnfoundSearchWeeks.Add(new UnfoundSearchWeek { WeekStart = today.AddDays(-(((int)today.DayOfWeek + 6) % 7)), Text = "monnaie locale", Count = 2 });
        if (await db.Collectivities.Select(c => (int?)c.Id).FirstOrDefaultAsync() is int collectivity)
        {
            db.PrivateDownloadDays.Add(new PrivateDownloadDay { CollectivityId = collectivity, Day = today, Count = 1 });
        }

        await db.SaveChangesAsync();
    }
}
