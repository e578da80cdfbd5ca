using System.Net;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

public class ErrorPageTests
{
    [Fact]
    public async Task AFailureShowsTheFrenchErrorPageWithoutDetails()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        await client.GetDocumentAsync("/ressources/" + DemoSlugs.Departements);

        // The database loses a table under the running site: a real failure, not a simulated one.
        await site.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE \"ResourceCategories\""));
        // Another address than the first: that one is now answered from the page cache.
        using var response = await client.GetAsync("/ressources/" + DemoSlugs.Fiche3);
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Une erreur est survenue", page.QuerySelector("h1")?.TextContent);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.DoesNotContain("ResourceCategories", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningTheErrorPageDirectlyIsANotFound()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient();

        await client.GetDocumentAsync("/erreur", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnEmptyCatalogueSaysSo()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient();

        var home = await client.GetDocumentAsync("/");
        var catalogue = await client.GetDocumentAsync("/ressources");

        Assert.Contains("Aucune ressource n'est encore publiée", home.MainText(), StringComparison.Ordinal);
        Assert.Contains("Aucune ressource", catalogue.QuerySelector("#titre-resultats")!.TextContent, StringComparison.Ordinal);
    }
}
