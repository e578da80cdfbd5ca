using System.Text.RegularExpressions;

namespace RtesResources.Web.Features.Content;

/// <summary>
/// A recognised video address and the player to embed once the visitor asks for it. YouTube plays
/// from its privacy-enhanced host (youtube-nocookie.com). Nothing is requested from these hosts
/// before the click: the page holds only a link and a button.
/// </summary>
public sealed partial record VideoEmbed(string Provider, string EmbedUrl, string EmbedOrigin)
{
    public const string Accepted = "YouTube, Vimeo, Dailymotion ou PeerTube";

    public static VideoEmbed? Parse(string? url)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant();
        var path = uri.AbsolutePath;
        string? id;
        switch (host)
        {
            case "youtu.be":
                id = path.Trim('/');
                return YouTubeId().IsMatch(id) ? YouTube(id) : null;
            case "www.youtube.com" or "youtube.com" or "m.youtube.com" or "www.youtube-nocookie.com":
                id = path.StartsWith("/watch", StringComparison.Ordinal) ? Query(uri, "v")
                    : path.StartsWith("/embed/", StringComparison.Ordinal) || path.StartsWith("/shorts/", StringComparison.Ordinal) || path.StartsWith("/live/", StringComparison.Ordinal) ? path.Split('/')[2]
                    : null;
                return id is not null && YouTubeId().IsMatch(id) ? YouTube(id) : null;
            case "vimeo.com" or "www.vimeo.com" or "player.vimeo.com":
                id = path.Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(part => part.All(char.IsAsciiDigit));
                return id is null ? null : new VideoEmbed("Vimeo", $"https://player.vimeo.com/video/{id}?dnt=1", "https://player.vimeo.com");
            case "www.dailymotion.com" or "dailymotion.com" or "dai.ly":
                id = host == "dai.ly" ? path.Trim('/') : path.StartsWith("/video/", StringComparison.Ordinal) ? path.Split('/')[2].Split('_')[0] : null;
                return id is not null && DailymotionId().IsMatch(id) ? new VideoEmbed("Dailymotion", $"https://www.dailymotion.com/embed/video/{id}", "https://www.dailymotion.com") : null;
            default:
                // PeerTube instances live on any host: /w/{short id} or /videos/watch/{uuid}.
                var match = PeerTubePath().Match(path);
                return match.Success && uri.Scheme == Uri.UriSchemeHttps
                    ? new VideoEmbed("PeerTube", $"https://{uri.Authority}/videos/embed/{match.Groups["id"].Value}", $"https://{uri.Authority}")
                    : null;
        }
    }

    private static VideoEmbed YouTube(string id) => new("YouTube", $"https://www.youtube-nocookie.com/embed/{id}", "https://www.youtube-nocookie.com");

    private static string? Query(Uri uri, string key) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == key).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();

    [GeneratedRegex("^[A-Za-z0-9_-]{11}$")]
    private static partial Regex YouTubeId();

    [GeneratedRegex("^[A-Za-z0-9]{5,20}$")]
    private static partial Regex DailymotionId();

    [GeneratedRegex("^/(?:w|videos/watch)/(?<id>[A-Za-z0-9-]{6,40})/?$")]
    private static partial Regex PeerTubePath();
}
