using System.Net;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Publishing;

public class TermsTests
{
    private static async Task<(RtesWebFactory Site, HttpClient Editor)> SetUpAsync()
    {
        var site = new RtesWebFactory();
        await site.AddUserAsync("termes@rtes.fr", Roles.Editor);
        return (site, await site.SignedInClientAsync("termes@rtes.fr"));
    }

    [Theory]
    [InlineData("intervenants", "Mahel Coppey")]
    [InlineData("thematiques", "Métropoles")]
    [InlineData("types", "Conférence en ligne")]
    [InlineData("collections", "Kit MunicipalESS")]
    public async Task ListsShowEachTermWithItsUse(string list, string expected)
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var page = await editor.GetDocumentAsync("/admin/" + list);

            Assert.Contains(expected, page.QuerySelector("table")?.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SpeakerIsAddedWithASlugAndEdited()
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            using var created = await editor.PostFormAsync("/admin/intervenants/nouveau", "/admin/intervenants/nouveau", new() { ["Name"] = "Élise Dupré", ["Second"] = "chargée de mission ESS", ["Third"] = "Ville de Lyon" });
            var speaker = await site.WithDbAsync(db => db.Speakers.SingleAsync(s => s.Name == "Élise Dupré"));
            using var edited = await editor.PostFormAsync($"/admin/intervenants/{speaker.Id}", $"/admin/intervenants/{speaker.Id}", new() { ["Name"] = "Élise Dupré", ["Slug"] = speaker.Slug, ["Second"] = "directrice", ["Third"] = "Métropole de Lyon" });

            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal("elise-dupre", speaker.Slug);
            Assert.Equal("Métropole de Lyon", await site.WithDbAsync(db => db.Speakers.Where(s => s.Id == speaker.Id).Select(s => s.Organisation).SingleAsync()));
        }
    }

    [Theory]
    [InlineData("thematiques", "", "", "Le nom est obligatoire.")]
    [InlineData("thematiques", "Métropoles", "", "est déjà prise")]
    [InlineData("thematiques", "Nouveau", "Pas Bien!", "lettres minuscules")]
    [InlineData("types", "Podcast", "", "Le nom au pluriel est obligatoire")]
    public async Task InvalidTermsSayWhy(string list, string name, string slug, string expected)
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            using var response = await editor.PostFormAsync($"/admin/{list}/nouveau", $"/admin/{list}/nouveau", new() { ["Name"] = name, ["Slug"] = slug });

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(expected, Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ATermInUseIsNotDeletedAndTheAnswerSaysWhere()
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var metropoles = await site.WithDbAsync(db => db.Categories.Where(c => c.Slug == "metropoles").Select(c => c.Id).SingleAsync());
            await editor.PostFormAsync("/admin/thematiques/nouveau", "/admin/thematiques/nouveau", new() { ["Name"] = "Inutilisée" });
            var unused = await site.WithDbAsync(db => db.Categories.Where(c => c.Name == "Inutilisée").Select(c => c.Id).SingleAsync());

            await editor.PostFormAsync("/admin/thematiques", $"/admin/thematiques/{metropoles}/supprimer", []);
            var refused = await editor.GetDocumentAsync("/admin/thematiques");
            await editor.PostFormAsync("/admin/thematiques", $"/admin/thematiques/{unused}/supprimer", []);

            Assert.Contains("Impossible de supprimer : utilisé par 3 ressource(s)", refused.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
            Assert.Contains("Métropoles, ESS & innovation sociale", refused.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
            Assert.True(await site.WithDbAsync(db => db.Categories.AnyAsync(c => c.Id == metropoles)));
            Assert.False(await site.WithDbAsync(db => db.Categories.AnyAsync(c => c.Id == unused)));
        }
    }

    [Fact]
    public async Task TermScreensRefuseMembers()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("m@ville.fr", Roles.Member, "Ville");
        using var member = await site.SignedInClientAsync("m@ville.fr");

        using var response = await member.GetAsync("/admin/thematiques");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
