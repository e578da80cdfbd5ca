using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.BrowserTests;

[Collection(BrowserTests.Name)]
public class VideoPlayer(BrowserSite site)
{
    [ChromiumFact]
    public async Task PlayerLoadsOnlyAfterTheVisitorAsks()
    {
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var resource = await db.Resources.SingleAsync(r => r.Slug == "rencontre-metropoles-ess-et-innovation-sociale-5-juillet-2019");
            db.ResourceLinks.Add(new ResourceLink { Resource = resource, Kind = LinkKind.Video, Label = "La vidéo de la rencontre", Url = "https://vimeo.com/76979871" });
            await db.SaveChangesAsync();
        }

        var page = await site.NewPageAsync();
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(site.BaseAddress.ToString(), StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };

        await page.GotoAsync("/ressources/rencontre-metropoles-ess-et-innovation-sociale-5-juillet-2019");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Charger le lecteur Vimeo" });
        await Assertions.Expect(button).ToBeVisibleAsync();
        Assert.Empty(elsewhere);
        Assert.Equal(0, await page.Locator("iframe").CountAsync());

        await button.ClickAsync();

        await Assertions.Expect(page.Locator(".video-frame iframe")).ToHaveAttributeAsync("src", "https://player.vimeo.com/video/76979871?dnt=1");
        await Assertions.Expect(page.Locator(".video-frame iframe")).ToHaveAttributeAsync("title", "La vidéo de la rencontre");
    }
}
