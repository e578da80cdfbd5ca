using System.Net;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Publishing;

public class VideoTests
{
    [Theory]
    [InlineData("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://youtu.be/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://www.youtube.com/embed/dQw4w9WgXcQ", "YouTube", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")]
    [InlineData("https://vimeo.com/76979871", "Vimeo", "https://player.vimeo.com/video/76979871?dnt=1")]
    [InlineData("https://www.dailymotion.com/video/x7tgad0_titre", "Dailymotion", "https://www.dailymotion.com/embed/video/x7tgad0")]
    [InlineData("https://peertube.example.org/w/9c9de5e8-0a1e-484a-b099-e80766180a6d", "PeerTube", "https://peertube.example.org/videos/embed/9c9de5e8-0a1e-484a-b099-e80766180a6d")]
    [InlineData("https://video.example.fr/videos/watch/kkGMgK9ZtnKfYAgnEtQxbv", "PeerTube", "https://video.example.fr/videos/embed/kkGMgK9ZtnKfYAgnEtQxbv")]
    public void RecognisedAddressesGiveAPlayer(string url, string provider, string embed)
    {
        var video = VideoEmbed.Parse(url);

        Assert.Equal(provider, video?.Provider);
        Assert.Equal(embed, video?.EmbedUrl);
    }

    [Theory]
    [InlineData("https://www.youtube.com/watch?v=court")]
    [InlineData("https://www.rtes.fr/une-page")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http://peertube.example.org/w/9c9de5e8-0a1e-484a-b099")]
    [InlineData("")]
    public void OtherAddressesAreNotVideos(string url) => Assert.Null(VideoEmbed.Parse(url));

    [Fact]
    public async Task EditorIsToldWhenAVideoAddressIsNotRecognised()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("video@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("video@rtes.fr");
        var kindId = await site.WithDbAsync(db => db.ResourceKinds.Where(k => k.Slug == "video").Select(k => k.Id).SingleAsync());

        using var response = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", new()
        {
            ["Title"] = "Une vidéo",
            ["KindId"] = kindId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Links[0].Kind"] = "Video",
            ["Links[0].Url"] = "https://www.rtes.fr/une-page",
        });

        Assert.Contains("n'est pas une adresse de vidéo reconnue (YouTube, Vimeo, Dailymotion ou PeerTube)", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicPageHoldsAButtonNotAPlayerAndAllowsOnlyThatPlayer()
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var video = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Video);
            db.ResourceLinks.Add(new ResourceLink { Resource = video, Kind = LinkKind.Video, Label = "Présentation du RTES", Url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ" });
            await db.SaveChangesAsync();
        });
        using var client = site.CreateClient();

        using var response = await client.GetAsync("/ressources/" + DemoSlugs.Video);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());
        using var other = await client.GetAsync("/ressources/" + DemoSlugs.Study);

        Assert.Empty(page.QuerySelectorAll("iframe"));
        Assert.Equal("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", page.QuerySelector("[data-video-src]")?.GetAttribute("data-video-src"));
        Assert.NotNull(page.QuerySelector("button.video-load[hidden]"));
        Assert.NotNull(page.QuerySelector("script[src^='/js/video.']"));
        Assert.Contains("frame-src https://www.youtube-nocookie.com", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.DoesNotContain("frame-src", string.Join(' ', other.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
