using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Data;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Data;

[Collection(DemoSiteTests.Name)]
public class DemoDataTests(RtesWebFactory site)
{
    [Fact]
    public async Task HoldsTheEightResourcesOfTheSeedTwoOfThemPrivate()
    {
        var resources = await site.WithDbAsync(db => db.Resources.AsNoTracking().Include(r => r.Kind).ToListAsync());

        Assert.Equal(8, resources.Count);
        Assert.Equal(
            [DemoSlugs.PrivateNewElected, DemoSlugs.PrivateConference2021],
            resources.Where(r => r.IsPrivate).Select(r => r.Slug).Order(StringComparer.Ordinal));
        Assert.All(resources, r => Assert.Equal("Ressources RTES", r.SourceType));
        Assert.All(resources, r => Assert.False(string.IsNullOrWhiteSpace(r.SummaryHtml), r.Slug));
        Assert.All(resources, r => Assert.False(string.IsNullOrWhiteSpace(r.BodyHtml), r.Slug));
        Assert.Equal("Étude", resources.Single(r => r.Slug == DemoSlugs.Study).Kind.Name);
        Assert.Equal("Vidéo", resources.Single(r => r.Slug == DemoSlugs.Video).Kind.Name);
        Assert.Equal(new DateOnly(2020, 6, 9), resources.Single(r => r.Slug == DemoSlugs.Departements).EventDate);
    }

    [Fact]
    public async Task KeepsListsAsListsAndParagraphsAsParagraphs()
    {
        var html = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.PrivateNewElected).Select(r => r.SummaryHtml).SingleAsync());
        var document = Html.Parse(html);

        Assert.Equal(10, document.QuerySelectorAll("ul")[0].QuerySelectorAll("li").Length);
        Assert.True(document.QuerySelectorAll("p").Length >= 4);
    }

    [Fact]
    public async Task FicheThreeBelongsToTheKitMunicipalEssSeries()
    {
        var fiche = await site.WithDbAsync(db => db.Resources.Include(r => r.Series).SingleAsync(r => r.Slug == DemoSlugs.Fiche3));

        Assert.Equal("Kit MunicipalESS", fiche.Series?.Name);
        Assert.Equal(3, fiche.SeriesNumber);
        Assert.False(string.IsNullOrWhiteSpace(fiche.Series?.Description));
    }

    [Fact]
    public async Task SpeakersAreStoredOnceWithTheRoleTheyHeldAtEachEvent()
    {
        var links = await site.WithDbAsync(db => db.ResourceSpeakers
            .Where(rs => rs.Speaker.Slug == "mahel-coppey")
            .Select(rs => new { rs.Resource.Slug, rs.Role, rs.Speaker.Organisation })
            .ToListAsync());
        var speakerRows = await site.WithDbAsync(db => db.Speakers.CountAsync(s => s.Name == "Mahel Coppey"));

        Assert.Equal(1, speakerRows);
        Assert.Equal(2, links.Count);
        Assert.Contains(links, l => l.Slug == DemoSlugs.Video && l.Role!.StartsWith("vice-présidente du RTES", StringComparison.Ordinal));
        Assert.Contains(links, l => l.Slug == DemoSlugs.PublicAugust2020 && l.Role!.StartsWith("présidente du RTES", StringComparison.Ordinal));
        Assert.All(links, l => Assert.Equal("Nantes Métropole", l.Organisation));
    }

    [Fact]
    public async Task NeverCarriesTheOldPasswordHint()
    {
        var texts = await site.WithDbAsync(db => db.Resources.Select(r => r.SummaryMarkdown + r.BodyMarkdown).ToListAsync());
        var dataFile = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, DemoDataSeeder.RelativePath));

        Assert.DoesNotContain(texts, t => t.Contains("mot de passe", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("racine de celle-ci", dataFile, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoDataCommandTwiceChangesNothing()
    {
        var before = await site.WithDbAsync(db => db.Resources.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Slug, r.UpdatedAt }).ToListAsync());
        using var output = new StringWriter();
        using var error = new StringWriter();

        var first = await CommandLine.RunAsync(site.Services, ["demo-data"], output, error);
        var second = await CommandLine.RunAsync(site.Services, ["demo-data"], output, error);

        var after = await site.WithDbAsync(db => db.Resources.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.Slug, r.UpdatedAt }).ToListAsync());
        Assert.Equal(0, first);
        Assert.Equal(0, second);
        Assert.Contains("0 ressource(s) ajoutée(s)", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, after);
        Assert.Equal(10, await site.WithDbAsync(db => db.Speakers.CountAsync()));
    }
}
