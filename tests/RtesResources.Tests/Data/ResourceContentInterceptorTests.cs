using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Data;

/// <summary>The interceptors as a bulk writer uses them: renderings made ahead, change detection done once.</summary>
public class ResourceContentInterceptorTests
{
    private static Resource NewResource(int kindId, string slug, string body) => new()
    {
        Slug = slug,
        Title = "Titre « essai »",
        KindId = kindId,
        SummaryMarkdown = "Un **résumé**.",
        BodyMarkdown = body,
        PublishedOn = new DateOnly(2026, 1, 15),
    };

    [Fact]
    public async Task ARenderingMadeAheadIsUsedOnlyForTheExactTextsItWasMadeFrom()
    {
        using var site = new RtesWebFactory();
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var prerendered = scope.ServiceProvider.GetRequiredService<PrerenderedContent>();
        var kindId = await db.ResourceKinds.Select(k => k.Id).FirstAsync();

        // A marker rendering stands for one made ahead: the save takes it for the texts it was made from.
        var marker = new ContentRendering("<p>avance</p>", "avance", "avance", "<p>corps avance</p>", "corps avance");
        prerendered.Add("Titre « essai »", "Un **résumé**.", "Le corps.", marker);
        prerendered.Add("Titre « essai »", "Un **résumé**.", "Un autre corps.", marker);
        var matching = NewResource(kindId, "rendu-en-avance", "Le corps.");
        var other = NewResource(kindId, "rendu-a-l-enregistrement", "Le corps, changé [ensuite](javascript:alert(1)).");
        db.Resources.AddRange(matching, other);
        await db.SaveChangesAsync();

        Assert.Equal(marker.BodyHtml, matching.BodyHtml);
        Assert.Equal(marker.SummaryHtml, matching.SummaryHtml);
        var renderer = scope.ServiceProvider.GetRequiredService<MarkdownRenderer>();
        Assert.Equal(renderer.ToSafeHtml(other.BodyMarkdown), other.BodyHtml);
        Assert.DoesNotContain("javascript", other.BodyHtml, StringComparison.Ordinal);
        Assert.Equal(renderer.ToSafeHtml("Un **résumé**."), other.SummaryHtml);
        Assert.Equal(SearchText.Normalize("Titre « essai »\nUn **résumé**."), other.SearchText);

        // Taken once: what is left over is not kept for later saves.
        Assert.Equal(1, prerendered.Count);
    }

    [Fact]
    public void ARenderingMadeAheadIsWhatTheSaveWouldRender()
    {
        var renderer = new MarkdownRenderer();
        const string summary = "Résumé avec [un lien](https://www.rtes.fr/) et du `code`.";
        const string body = "## Titre\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n\n[clic](javascript:alert(1)) &nbsp;« fin »";

        var rendering = ResourceContentInterceptor.Render(renderer, "Titre", summary, body);

        Assert.Equal(renderer.ToSafeHtml(summary), rendering.SummaryHtml);
        Assert.Equal(renderer.ToExcerpt(summary, Resource.ExcerptMaxLength), rendering.Excerpt);
        Assert.Equal(SearchText.Normalize("Titre\n" + summary), rendering.SearchText);
        Assert.Equal(renderer.ToSafeHtmlAsBefore(body), rendering.BodyHtml);
        Assert.Equal(SearchText.Normalize(body), rendering.BodySearchText);
    }

    [Fact]
    public async Task WithAutomaticDetectionOffTheInterceptorsDetectWhatTheyChange()
    {
        using var site = new RtesWebFactory();
        int id;
        DateTime createdAt;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var resource = NewResource(await db.ResourceKinds.Select(k => k.Id).FirstAsync(), "detection", "Premier corps.");
            db.Resources.Add(resource);
            await db.SaveChangesAsync();
            (id, createdAt) = (resource.Id, resource.UpdatedAt);
        }

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var resource = await db.Resources.SingleAsync(r => r.Id == id);
            resource.BodyMarkdown = "Second **corps**.\r\n";
            resource.Title = "Nouveau titre";

            // As the import saves: changes detected once, then none detected by the save itself.
            db.ChangeTracker.DetectChanges();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            await db.SaveChangesAsync();
        }

        var saved = await site.WithDbAsync(db => db.Resources.AsNoTracking().SingleAsync(r => r.Id == id));
        Assert.Equal(1, saved.Version);
        Assert.True(saved.UpdatedAt >= createdAt);
        Assert.Equal("Second **corps**.", saved.BodyMarkdown);
        Assert.Equal("<p>Second <strong>corps</strong>.</p>\n", saved.BodyHtml);
        Assert.Equal(SearchText.Normalize("Second **corps**."), saved.BodySearchText);
        Assert.Equal(SearchText.Normalize("Nouveau titre\nUn **résumé**."), saved.SearchText);
    }
}
