using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Publishing;

public class DashboardTests
{
    [Fact]
    public async Task ShowsStatusesGapsLapsingMembershipsAndRecentChanges()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Bientôt", new DateOnly(2026, 12, 31));
        await site.AddCollectivityAsync("Ville Tranquille", new DateOnly(2028, 12, 31));
        await site.AddUserAsync("tableau@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("tableau@rtes.fr");
        var videoId = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Video).Select(r => r.Id).SingleAsync());
        await editor.PostFormAsync($"/admin/ressources/{videoId}/modifier", $"/admin/ressources/{videoId}/corbeille", []);
        await site.WithDbAsync(async db =>
        {
            var departements = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Departements);
            departements.IsPrivate = true;
            await db.SaveChangesAsync();
        });

        var page = await editor.GetDocumentAsync("/admin");
        var text = page.MainText();

        Assert.Equal("Tableau de bord", page.QuerySelector("h1")?.TextContent);
        Assert.Contains("7 publiées", page.QuerySelector(".stat-list")!.TextContent.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Ville Bientôt : jusqu'au 31 décembre 2026", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ville Tranquille", text, StringComparison.Ordinal);
        Assert.Contains("Mise à la corbeille", page.QuerySelector("#titre-modifications + .table-wrap")?.TextContent, StringComparison.Ordinal);
        var withoutFile = page.QuerySelector("#titre-fichier-manquant")!.ParentElement!.TextContent;
        Assert.Contains("Départements & ESS", withoutFile, StringComparison.Ordinal);
        Assert.DoesNotContain("Communes et interco", withoutFile, StringComparison.Ordinal);
    }
}
