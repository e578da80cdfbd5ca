using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Content;

public class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void NestingDeeperThanMarkdigReadsIsShownAsPlainText()
    {
        var quotes = new string('>', 300) + " Citation <script>alert(1)</script>";
        var stars = new string('*', 5000) + "x" + new string('*', 5000);

        var html = _renderer.ToSafeHtml(quotes);
        Assert.Contains("Citation &lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Contains("x", _renderer.ToSafeHtml(stars), StringComparison.Ordinal);
        Assert.Contains("Citation", _renderer.ToExcerpt(quotes, 500), StringComparison.Ordinal);
        Assert.Contains("Citation", _renderer.ToPlainText(quotes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert('xss')</script>")]
    [InlineData("Texte <script src=\"https://evil.example/x.js\"></script> suite")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"#\" onclick=\"alert(1)\">clic</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg onload=alert(1)></svg>")]
    [InlineData("<style>body{display:none}</style>")]
    public void RawHtmlNeverBecomesElements(string markdown)
    {
        var document = Html.Parse(_renderer.ToSafeHtml(markdown));

        Assert.Empty(document.QuerySelectorAll("script, iframe, svg, style, img[onerror]"));
        Assert.DoesNotContain(document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("[clic](javascript:alert(1))")]
    [InlineData("[clic](JaVaScRiPt:alert(1))")]
    [InlineData("[clic](vbscript:msgbox(1))")]
    [InlineData("[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![image](javascript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    public void DangerousUrlSchemesAreRemoved(string markdown)
    {
        var document = Html.Parse(_renderer.ToSafeHtml(markdown));

        var urls = document.All
            .SelectMany(e => e.Attributes)
            .Where(a => a.Name is "href" or "src")
            .Select(a => a.Value.Trim().ToLowerInvariant());
        Assert.All(urls, url => Assert.True(url.StartsWith("http:", StringComparison.Ordinal) || url.StartsWith("https:", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.Ordinal), url));
    }

    [Fact]
    public void KeepsParagraphsListsHeadingsAndSafeLinks()
    {
        var html = _renderer.ToSafeHtml("""
            ## Le plan d'action

            Premier paragraphe avec **gras**.

            - La création d'activités
            - La transition écologique

            Voir [le RTES](https://www.rtes.fr/).
            """);
        var document = Html.Parse(html);

        Assert.Equal("Le plan d'action", document.QuerySelector("h2")?.TextContent);
        Assert.Equal(2, document.QuerySelectorAll("ul > li").Length);
        Assert.Equal(2, document.QuerySelectorAll("p").Length);
        Assert.NotNull(document.QuerySelector("strong"));
        var link = document.QuerySelector("a");
        Assert.Equal("https://www.rtes.fr/", link?.GetAttribute("href"));
        Assert.Equal("noopener noreferrer", link?.GetAttribute("rel"));
    }

    [Fact]
    public void EmptyMarkdownGivesEmptyHtml()
    {
        Assert.Equal("", _renderer.ToSafeHtml(null));
        Assert.Equal("", _renderer.ToSafeHtml("   \n "));
    }

    [Fact]
    public void ExcerptIsPlainTextCutAtAWord()
    {
        var excerpt = _renderer.ToExcerpt("## Titre\n\nUn **texte** assez long pour être coupé proprement ici.", 30);

        Assert.DoesNotContain("*", excerpt, StringComparison.Ordinal);
        Assert.DoesNotContain("#", excerpt, StringComparison.Ordinal);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
        Assert.True(excerpt.Length <= 31, excerpt);
    }
}
