using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Content;

public class RerenderTests
{
    [Fact]
    public async Task RerenderRendersEveryResourceAgainWithoutVersionsOrRevisions()
    {
        using var site = new RtesWebFactory();
        // What an older Markdown pipeline left in the rendered columns.
        await site.WithDbAsync(db => db.Resources.ExecuteUpdateAsync(s => s
            .SetProperty(r => r.SummaryHtml, "<p>ancien rendu</p>")
            .SetProperty(r => r.Excerpt, "ancien extrait")
            .SetProperty(r => r.SearchText, "ancien")
            .SetProperty(r => r.BodyHtml, "<p>ancien corps</p>")
            .SetProperty(r => r.BodySearchText, "ancien")));
        using var anonymous = site.CreateClient();
        var before = await anonymous.GetStringAsync("/ressources/" + DemoSlugs.Study);
        var stamps = await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.UpdatedAt }).ToListAsync());
        var revisions = await site.WithDbAsync(db => db.ResourceRevisions.CountAsync());
        var changes = await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync());
        using var output = new StringWriter();
        using var error = new StringWriter();

        // Every progress report shown (the executable shows one every 2 s at most), on standard error.
        var code = await CommandLine.RunAsync(() => Task.FromResult<IServiceProvider>(site.Services), ["rerender", "--batch-size", "3"], new CommandConsole(output, error, TextReader.Null) { ProgressInterval = TimeSpan.Zero });
        await site.ApplySearchChangesAsync();
        var after = await anonymous.GetStringAsync("/ressources/" + DemoSlugs.Study);
        var again = await CommandLine.RunAsync(site.Services, ["rerender"], output, error);

        Assert.Equal((0, 0), (code, again));
        Assert.Contains("ancien rendu", before, StringComparison.Ordinal);
        Assert.DoesNotContain("ancien rendu", after, StringComparison.Ordinal);
        Assert.Contains("Nouveau rendu : 8 ressource(s) modifiée(s) sur 8, 0 laissée(s)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nouveau rendu : 0 ressource(s) modifiée(s) sur 8", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nouveau rendu : 6 ressources lues, 6 modifiées…", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("ressources lues", output.ToString(), StringComparison.Ordinal);
        var renderer = new MarkdownRenderer();
        var resources = await site.WithDbAsync(db => db.Resources.AsNoTracking().OrderBy(r => r.Id).ToListAsync());
        Assert.All(resources, r =>
        {
            Assert.Equal(renderer.ToSafeHtml(r.SummaryMarkdown), r.SummaryHtml);
            Assert.Equal(renderer.ToSafeHtml(r.BodyMarkdown), r.BodyHtml);
            Assert.Equal(renderer.ToExcerpt(r.SummaryMarkdown, RtesResources.Web.Domain.Resource.ExcerptMaxLength), r.Excerpt);
            Assert.Equal(SearchText.Normalize(r.BodyMarkdown), r.BodySearchText);
        });
        Assert.Equal(stamps, resources.Select(r => new { r.Id, r.Version, r.UpdatedAt }).ToList());
        Assert.Equal(revisions, await site.WithDbAsync(db => db.ResourceRevisions.CountAsync()));
        Assert.Equal(changes + 8, await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync()));
    }

    [Fact]
    public async Task RerenderRendersTranscriptsAgainWithoutVersionsOrRevisions()
    {
        using var site = new RtesWebFactory();
        var (resourceId, linkId) = await site.WithDbAsync(async db =>
        {
            var video = await db.Resources.Include(r => r.Links).SingleAsync(r => r.Slug == DemoSlugs.Video);
            var link = new ResourceLink
            {
                Kind = LinkKind.Video,
                Label = "Présentation du RTES",
                Url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                Position = video.Links.Count,
                TranscriptMarkdown = "Les **coopératives** d'habitants prennent la parole.",
            };
            video.Links.Add(link);
            await db.SaveChangesAsync();
            return (video.Id, link.Id);
        });
        // What an older Markdown pipeline left in the transcript's HTML, the rest being current.
        await site.WithDbAsync(db => db.ResourceLinks.Where(l => l.Id == linkId).ExecuteUpdateAsync(s => s.SetProperty(l => l.TranscriptHtml, "<p>ancienne transcription</p>")));
        var stamps = await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.UpdatedAt }).ToListAsync());
        var revisions = await site.WithDbAsync(db => db.ResourceRevisions.CountAsync());
        var lastChange = await site.WithDbAsync(db => db.SearchIndexChanges.MaxAsync(c => c.Id));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(site.Services, ["rerender"], output, error);
        await site.ApplySearchChangesAsync();

        Assert.Equal(0, code);
        Assert.Contains("Nouveau rendu : 1 ressource(s) modifiée(s) sur 8", output.ToString(), StringComparison.Ordinal);
        var html = await site.WithDbAsync(db => db.ResourceLinks.Where(l => l.Id == linkId).Select(l => l.TranscriptHtml).SingleAsync());
        Assert.Equal(new MarkdownRenderer().ToSafeHtml("Les **coopératives** d'habitants prennent la parole."), html);
        using var anonymous = site.CreateClient();
        var page = await anonymous.GetStringAsync("/ressources/" + DemoSlugs.Video);
        Assert.Contains("<strong>coopératives</strong>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("ancienne transcription", page, StringComparison.Ordinal);
        Assert.Equal(stamps, await site.WithDbAsync(db => db.Resources.OrderBy(r => r.Id).Select(r => new { r.Id, r.Version, r.UpdatedAt }).ToListAsync()));
        Assert.Equal(revisions, await site.WithDbAsync(db => db.ResourceRevisions.CountAsync()));
        // The resource is indexed again from its Markdown, transcript included, on every instance.
        Assert.Equal([resourceId], await site.WithDbAsync(db => db.SearchIndexChanges.Where(c => c.Id > lastChange).Select(c => c.ResourceId).ToListAsync()));
    }

    [Fact]
    public async Task ABadBatchSizeIsAUsageError()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(site.Services, ["rerender", "--batch-size", "0"], output, error);

        Assert.Equal(2, code);
        Assert.Contains("--batch-size attend un nombre de 1 à 10000, pas « 0 ».", error.ToString(), StringComparison.Ordinal);
    }
}
