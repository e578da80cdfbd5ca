using System.Text;
using System.Text.RegularExpressions;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Content;

/// <summary>
/// The allowlist that lets Markdig's usual HTML skip the sanitizer (ADR-012): it must be a wall of
/// its own against hostile content, and give exactly what the sanitizer gives for what it accepts.
/// </summary>
public partial class MarkdigHtmlAllowlistTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Theory]
    // Schemes: plain, mixed case, entity-encoded, percent-encoded, split by whitespace or controls.
    [InlineData("[clic](javascript:alert(1))")]
    [InlineData("[clic](JAVASCRIPT:alert(1))")]
    [InlineData("[clic](javascript&#58;alert(1))")]
    [InlineData("[clic](javascript&colon;alert(1))")]
    [InlineData("[clic](&#106;avascript:alert(1))")]
    [InlineData("[clic](&#x6A;avascript:alert(1))")]
    [InlineData("[clic](java&#x73;cript:alert(1))")]
    [InlineData("[clic](javascript%3Aalert(1))")]
    [InlineData("[clic](<java script:alert(1)>)")]
    [InlineData("[clic]( javascript:alert(1))")]
    [InlineData("[clic](vbscript:msgbox(1))")]
    [InlineData("[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[clic](file:///etc/passwd)")]
    [InlineData("[clic][ref]\n\n[ref]: javascript:alert(1)")]
    // Autolinks, in angle brackets and bare.
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JavaScript:alert(1)>")]
    [InlineData("<data:text/html,<script>alert(1)</script>>")]
    [InlineData("Voir javascript:alert(1) et www.javascript:alert(1)")]
    // Images.
    [InlineData("![x](javascript:alert(1))")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![x](https://exemple.fr/a.png \"t\\\" onerror=\\\"alert(1)\")")]
    [InlineData("![x\" onerror=\"alert(1)](https://exemple.fr/a.png)")]
    // Attribute injection through titles, URLs and code languages.
    [InlineData("[clic](https://exemple.fr \"t\\\" onclick=\\\"alert(1)\")")]
    [InlineData("[clic](https://exemple.fr/\"onmouseover=\"alert(1))")]
    [InlineData("[clic](<https://exemple.fr/\" onmouseover=\"alert(1)>)")]
    [InlineData("```js\" onclick=\"alert(1)\nx\n```")]
    [InlineData("```\"><script>alert(1)</script>\nx\n```")]
    // Raw HTML where Markdig does not expect it: code spans, tables, headings, lists, quotes.
    [InlineData("`<script>alert(1)</script>`")]
    [InlineData("``<img src=x onerror=alert(1)>``")]
    [InlineData("| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |")]
    [InlineData("# <svg onload=alert(1)>")]
    [InlineData("- <iframe src=\"https://evil.example\"></iframe>\n  - <a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("> <style>body{display:none}</style>\n> <object data=\"x\"></object>")]
    [InlineData("<div onclick=\"alert(1)\">\n\nsuite\n\n</div>")]
    [InlineData("&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("&#60;script&#62;alert(1)&#60;/script&#62;")]
    // Old browsers' JavaScript entities, in titles the sanitizer removes.
    [InlineData("[clic](https://exemple.fr \"&{alert(1)}\")")]
    public void HostileMarkdownIsHarmlessAndAsTheSanitizerHasIt(string markdown)
    {
        var html = _renderer.ToSafeHtml(markdown);

        Assert.Equal(_renderer.ToSafeHtmlAsBefore(markdown), html);
        AssertHarmless(html);
    }

    [Theory]
    [InlineData("<p><a href=\"javascript:alert(1)\">x</a></p>\n")]
    [InlineData("<p><a href=\"JAVASCRIPT:alert(1)\">x</a></p>\n")]
    [InlineData("<p><a href=\"java&#x73;cript:alert(1)\">x</a></p>\n")]
    [InlineData("<p><a href=\" https://exemple.fr\">x</a></p>\n")]
    [InlineData("<p><a href=\"https://exemple.fr\nx\">x</a></p>\n")]
    [InlineData("<p><a href=\"/relatif\">x</a></p>\n")]
    [InlineData("<p><a>x</a></p>\n")]
    [InlineData("<p><a href=\"https://exemple.fr\" onclick=\"alert(1)\">x</a></p>\n")]
    [InlineData("<p><a href=\"https://exemple.fr\" rel=\"opener\">x</a></p>\n")]
    [InlineData("<p><a href=\"https://exemple.fr\" href=\"javascript:alert(1)\">x</a></p>\n")]
    [InlineData("<p><a href='https://exemple.fr'>x</a></p>\n")]
    [InlineData("<p><a href=https://exemple.fr>x</a></p>\n")]
    [InlineData("<p><a  href=\"https://exemple.fr\">x</a></p>\n")]
    [InlineData("<p><A HREF=\"https://exemple.fr\">x</A></p>\n")]
    [InlineData("<p><a href=\"https://exemple.fr\"><a href=\"https://exemple.fr\">x</a></a></p>\n")]
    [InlineData("<p><a href=\"https://exemple.fr\" title=\"&{alert(1)}\">x</a></p>\n")]
    [InlineData("<p><img src=\"https://exemple.fr/a.png\" onerror=\"alert(1)\" /></p>\n")]
    [InlineData("<p><img src=\"data:image/png;base64,AAAA\" alt=\"x\" /></p>\n")]
    [InlineData("<p><img alt=\"x\" /></p>\n")]
    [InlineData("<script>alert(1)</script>\n")]
    [InlineData("<p><script>alert(1)</script></p>\n")]
    [InlineData("<p><svg onload=\"alert(1)\"></svg></p>\n")]
    [InlineData("<p><span>x</span></p>\n")]
    [InlineData("<p style=\"color: red\">x</p>\n")]
    [InlineData("<p class=\"x\">x</p>\n")]
    [InlineData("<th style=\"background: url(javascript:alert(1))\">x</th>\n")]
    [InlineData("<table>\n<tbody>\n<tr>\n<td style=\"x: expression(alert(1))\">x</td>\n</tr>\n</tbody>\n</table>\n")]
    [InlineData("<p>x &copy; y</p>\n")]
    [InlineData("<p>x &#60;script&#62; y</p>\n")]
    [InlineData("<p>x &amp y</p>\n")]
    [InlineData("<p>x<!-- c --></p>\n")]
    [InlineData("<p>x</p")]
    [InlineData("<p>x")]
    [InlineData("<p><em>x</p></em>\n")]
    [InlineData("<p><div>x</div></p>\n")]
    [InlineData("<p><p>x</p></p>\n")]
    [InlineData("<em><p>x</p></em>\n")]
    [InlineData("<li>x</li>\n")]
    [InlineData("<ul>x</ul>\n")]
    [InlineData("<tr><td>x</td></tr>\n")]
    [InlineData("<table>\n<tr>\n<td>x</td>\n</tr>\n</table>\n")]
    [InlineData("<table>x<tbody></tbody></table>\n")]
    [InlineData("<pre>\n<code>x</code></pre>\n")]
    [InlineData("<pre><code><em>x</em></code></pre>\n")]
    [InlineData("<pre>x</pre>\n")]
    [InlineData("<p>x<br></br></p>\n")]
    [InlineData("<p />\n")]
    [InlineData("x\n")]
    [InlineData("<ol start=\"-1\">\n<li>x</li>\n</ol>\n")]
    [InlineData("<ol type=\"disc\">\n<li>x</li>\n</ol>\n")]
    public void AnythingNotFullyRecognisedIsLeftToTheSanitizer(string html) =>
        Assert.Null(MarkdigHtmlAllowlist.TryRewrite(html));

    [Fact]
    public void ControlCharactersAndBrokenSurrogatesAreLeftToTheSanitizer()
    {
        // Written here rather than as theory data: test reports cannot hold these characters.
        foreach (var odd in new[] { "\0", "\r", "\u0001", "\u000b", "\u000c", "\u007f", "\ud800", "\udc00", "\udc00\ud800" })
        {
            Assert.Null(MarkdigHtmlAllowlist.TryRewrite($"<p>x{odd}y</p>\n"));
            Assert.Null(MarkdigHtmlAllowlist.TryRewrite($"<p><a href=\"https://exemple.fr\" title=\"x{odd}y\">z</a></p>\n"));
        }

        var markdown = "[clic](<javascript\u0000:alert(1)>) et [clic](<java\u0001script:alert(1)>)";
        var html = _renderer.ToSafeHtml(markdown);
        Assert.Equal(_renderer.ToSafeHtmlAsBefore(markdown), html);
        AssertHarmless(html);
    }

    [Fact]
    public void RecognisedHtmlIsWrittenAsTheSanitizerWritesIt()
    {
        const string html = "<h2>Titre &amp; &quot;sous-titre&quot;</h2>\n"
            + "<p>Un\u00a0texte <strong>gras</strong>, <em>penché</em>, <code>a &lt; b</code>, <del>barré</del><br />\nsuite "
            + "<a href=\"https://exemple.fr/?a=1&amp;b=2\" title=\"« titre »\u00a0!\">lien</a> "
            + "<img src=\"https://exemple.fr/a.png\" alt=\"une &quot;image&quot;\" /></p>\n"
            + "<ol start=\"3\" type=\"a\">\n<li>un</li>\n<li><p>deux</p>\n<ul>\n<li>trois</li>\n</ul>\n</li>\n</ol>\n"
            + "<blockquote>\n<p>citation</p>\n</blockquote>\n<hr />\n"
            + "<pre><code class=\"language-cs\">var x = 1 &lt; 2;\n</code></pre>\n"
            + "<table>\n<thead>\n<tr>\n<th style=\"text-align: right;\">a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td style=\"text-align: right;\">1</td>\n</tr>\n</tbody>\n</table>\n";

        var rewritten = MarkdigHtmlAllowlist.TryRewrite(html);

        Assert.NotNull(rewritten);
        Assert.Equal(_renderer.Sanitize(html), rewritten);
        Assert.Contains("rel=\"noopener noreferrer\"", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("class=", rewritten, StringComparison.Ordinal);
    }

    /// <summary>
    /// Markdown of every kind the editors and imports write, and hostile or odd pieces among it: the
    /// rendering must be the sanitizer's, character for character, whichever way it went, and both
    /// ways must have been taken often.
    /// </summary>
    [Fact]
    public void RenderingIsTheSanitizersOverManyVariedDocuments()
    {
        var random = new Random(20261128);
        var allowlisted = 0;
        const int documents = 3_000;
        for (var n = 0; n < documents; n++)
        {
            var markdown = RandomMarkdown.Document(random);

            var html = _renderer.ToSafeHtml(markdown);

            Assert.True(_renderer.ToSafeHtmlAsBefore(markdown) == html, $"Rendering differs for:\n{markdown}");
            AssertHarmless(html);
            if (MarkdigHtmlAllowlist.TryRewrite(_renderer.ToUncheckedHtml(markdown)) is not null)
            {
                allowlisted++;
            }
        }

        Assert.InRange(allowlisted, documents / 4, documents - (documents / 10));
    }

    /// <summary>
    /// HTML built from the allowlist's own vocabulary, mostly well placed, sometimes misplaced, hostile or
    /// cut: whatever the allowlist accepts, the sanitizer must write exactly the same.
    /// </summary>
    [Fact]
    public void WhatTheAllowlistAcceptsOfRandomHtmlIsWhatTheSanitizerWrites()
    {
        var random = new Random(1128);
        var accepted = 0;
        const int fragments = 20_000;
        for (var n = 0; n < fragments; n++)
        {
            var html = RandomHtml.Fragment(random);

            if (MarkdigHtmlAllowlist.TryRewrite(html) is { } rewritten)
            {
                accepted++;
                Assert.True(_renderer.Sanitize(html) == rewritten, $"Differs for: {html}");
                AssertHarmless(rewritten);
            }
        }

        Assert.InRange(accepted, fragments / 5, fragments - (fragments / 5));
    }

    [Fact]
    public void SummaryHtmlAndExcerptFromOneParseAreThoseOfEachAlone()
    {
        var random = new Random(26);
        for (var n = 0; n < 500; n++)
        {
            var markdown = RandomMarkdown.Document(random);

            var (html, excerpt) = _renderer.ToSafeHtmlAndExcerpt(markdown, 300);

            Assert.Equal(_renderer.ToSafeHtml(markdown), html);
            Assert.Equal(_renderer.ToExcerpt(markdown, 300), excerpt);
            Assert.Equal(_renderer.ToPlainTextAsBefore(markdown).Trim(), _renderer.ToPlainText(markdown));
        }
    }

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex UrlScheme();

    private static void AssertHarmless(string html)
    {
        var document = Html.Parse(html);
        Assert.Empty(document.QuerySelectorAll("script, iframe, svg, style, object, embed, form, input, span, div"));
        foreach (var attribute in document.All.SelectMany(e => e.Attributes))
        {
            Assert.False(attribute.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase), attribute.Name);
            Assert.NotEqual("style", attribute.Name);
            if (attribute.Name is "href" or "src")
            {
                // What a browser reads as a scheme (tabs and line feeds removed): http, https or mailto, or none (relative).
                var scheme = UrlScheme().Match(attribute.Value.Trim().Replace("\t", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
                Assert.True(!scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto", attribute.Value);
            }
        }
    }
}

/// <summary>Random Markdown of every construct the pipeline knows, with hostile and odd pieces mixed in.</summary>
internal static class RandomMarkdown
{
    private static readonly string[] Words =
    [
        "économie", "sociale", "et", "solidaire", "les", "collectivités", "élu·es", "coopération", "l'ESS", "« guillemets »",
        "Tiers-lieux", "2026", "n°3", "A&B", "x < y", "a > b", "\"cité\"", "l’apostrophe", "œuvre", "😀", "中文", "ﬁn",
    ];

    private static readonly string[] GoodUrls =
    [
        "https://www.rtes.fr/", "https://exemple.fr/a/b?c=1&d=2#e", "http://exemple.fr", "mailto:contact@rtes.fr", "https://exemple.fr/a%20b",
        "https://exemple.fr/(x)", "https://exemple.fr/é", "<https://exemple.fr/a b>",
    ];

    private static readonly string[] Urls =
    [
        "https://www.rtes.fr/", "https://exemple.fr/a/b?c=1&d=2#e", "http://exemple.fr", "mailto:contact@rtes.fr",
        "https://exemple.fr/é ü", "https://exemple.fr/a%20b", "https://exemple.fr/(x)", "/relatif", "#ancre", "relatif.html",
        "javascript:alert(1)", "JavaScript:alert(1)", "javascript&#58;alert(1)", "&#106;avascript:alert(1)", "vbscript:x",
        "data:text/html;base64,PHNjcmlwdD4=", "https://exemple.fr/\"onmouseover=\"alert(1)", "HTTPS://EXEMPLE.FR", "ftp://exemple.fr",
        "<https://exemple.fr/a b>", "<javascript:alert(1)>",
    ];

    private static readonly string[] Languages = ["", "cs", "js\" onclick=\"x", "\"><script>alert(1)</script>", "python {.x}"];

    private static readonly string[] OtherBlocks = ["---", "***", "    code indenté < >", "<div onclick=\"x\">html</div>", "<!-- commentaire -->", "&nbsp;&copy;&#0;&#x41;", "\\# pas un titre"];

    private static readonly string[] Romans = ["i", "ii", "iii", "iv", "v"];

    private static readonly string[] Alignments = ["---", ":--", "--:", ":-:"];

    private static readonly string[] BareLinks = ["www.rtes.fr", "https://exemple.fr/x?y=1&z=2", "contact@rtes.fr", "http://a.fr.", "www.javascript:alert(1)"];

    private static readonly string[] RawHtml = ["<b>gras</b>", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<a href=\"javascript:x\">a</a>", "&lt;i&gt;"];

    private static readonly string[] Entities = ["&amp;", "&copy;", "&nbsp;", "&#60;", "&#x26;", "&{x}", "&quot;", "&unknown;"];

    private static readonly string[] Escapes = ["\\*", "\\[", "\\<", "\\&", "\\\\"];

    private static readonly string[] Titles = ["", " \"titre\"", " \"« titre »\u00a0!\"", " 'apostrophe'", " \"t\\\" onclick=\\\"x\"", " \"&{alert(1)}\"", " (parenthèses)"];

    public static string Document(Random random)
    {
        var blocks = new List<string>();
        for (var k = random.Next(1, 7); k > 0; k--)
        {
            blocks.Add(Block(random, depth: 0));
        }

        return string.Join(random.Next(4) == 0 ? "\n" : "\n\n", blocks);
    }

    private static string Block(Random random, int depth)
    {
        switch (random.Next(depth < 2 ? 13 : 7))
        {
            case 0 or 1 or 2:
                return Inline(random, random.Next(1, 14));
            case 3:
                return new string('#', random.Next(1, 7)) + " " + Inline(random, random.Next(1, 5)) + (random.Next(5) == 0 ? " ##" : "");
            case 4:
                return Inline(random, random.Next(1, 4)) + "\n" + (random.Next(2) == 0 ? "===" : "---");
            case 5:
                return "```" + Languages[random.Next(Languages.Length)] + "\n" + Inline(random, random.Next(1, 6)) + "\n<script>alert(1)</script> &amp; \u00a0\n```";
            case 6:
                return OtherBlocks[random.Next(OtherBlocks.Length)];
            case 7 or 8:
                return List(random, depth);
            case 9:
                return string.Join("\n", Block(random, depth + 1).Split('\n').Select(line => "> " + line));
            case 10:
                return Table(random);
            case 11:
                return Inline(random, 3) + "  \n" + Inline(random, 3) + "\\\n" + Inline(random, 3);
            default:
                return List(random, depth) + "\n\n" + Inline(random, 5);
        }
    }

    private static string List(Random random, int depth)
    {
        var marker = random.Next(6);
        var loose = random.Next(3) == 0;
        var items = new List<string>();
        var count = random.Next(1, 5);
        for (var i = 0; i < count; i++)
        {
            var bullet = marker switch
            {
                0 => "- ",
                1 => "* ",
                2 => $"{i + 1}. ",
                3 => $"{i + 3}) ",
                4 => $"{(char)('a' + i)}. ",
                _ => $"{Romans[i]}. ",
            };
            var content = random.Next(4) == 0 && depth < 2 ? Inline(random, 3) + "\n" + Indent(List(random, depth + 1), bullet.Length) : Inline(random, random.Next(1, 6));
            items.Add(bullet + content);
        }

        return string.Join(loose ? "\n\n" : "\n", items);
    }

    private static string Indent(string text, int width) =>
        string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : new string(' ', width) + line));

    private static string Table(Random random)
    {
        var columns = random.Next(1, 4);
        var align = Enumerable.Range(0, columns).Select(_ => Alignments[random.Next(Alignments.Length)]);
        var rows = new List<string> { "| " + string.Join(" | ", Enumerable.Range(0, columns).Select(_ => Inline(random, 2))) + " |", "|" + string.Join("|", align) + "|" };
        for (var r = random.Next(0, 4); r > 0; r--)
        {
            rows.Add("| " + string.Join(" | ", Enumerable.Range(0, columns).Select(_ => Inline(random, random.Next(1, 3)))) + " |");
        }

        return string.Join("\n", rows);
    }

    private static string Url(Random random) => random.Next(5) == 0 ? Urls[random.Next(Urls.Length)] : GoodUrls[random.Next(GoodUrls.Length)];

    private static string Title(Random random) => random.Next(3) == 0 ? Titles[random.Next(Titles.Length)] : "";

    private static string Inline(Random random, int pieces)
    {
        var text = new StringBuilder();
        for (var p = 0; p < pieces; p++)
        {
            if (p > 0)
            {
                text.Append(random.Next(12) == 0 ? "\u00a0" : " ");
            }

            var word = Words[random.Next(Words.Length)];
            text.Append(random.Next(22) switch
            {
                0 => $"**{word}**",
                1 => $"*{word}*",
                2 => $"`{word} <b>`",
                3 => $"~~{word}~~",
                4 => $"~{word}~ ^{word}^",
                5 => $"++{word}++ =={word}==",
                6 or 7 => $"[{word}]({Url(random)}{Title(random)})",
                8 => $"![{word}]({Url(random)}{Title(random)})",
                9 => $"<{Url(random).Trim('<', '>')}>",
                10 => BareLinks[random.Next(BareLinks.Length)],
                11 => RawHtml[random.Next(RawHtml.Length)],
                12 => Entities[random.Next(Entities.Length)],
                13 => Escapes[random.Next(Escapes.Length)],
                14 => $"[{word}][ref]\n\n[ref]: {Url(random)}",
                15 => $"[**{word}** `code`](https://exemple.fr/{random.Next(100)})",
                16 => $"[![{word}](https://exemple.fr/i.png)](https://exemple.fr)",
                _ => word,
            });
        }

        return text.ToString();
    }
}

/// <summary>HTML in the allowlist's vocabulary: mostly where Markdig would put it, sometimes anywhere, hostile or cut short.</summary>
internal static class RandomHtml
{
    private static readonly string[] Blocks = ["p", "h2", "h6", "ul", "ol", "blockquote", "pre", "table", "hr"];

    private static readonly string[] Inlines = ["em", "strong", "del", "ins", "mark", "sub", "sup", "code", "a", "br", "img"];

    private static readonly string[] Anywhere = ["p", "li", "ul", "em", "a", "code", "pre", "td", "tr", "tbody", "thead", "table", "img", "br", "hr", "span", "script", "div", "P"];

    private static readonly string[] GoodUrls = ["https://exemple.fr/a?b=1&amp;c=2", "http://exemple.fr", "mailto:a@exemple.fr", "https://exemple.fr/%C3%A9"];

    private static readonly string[] Urls =
    [
        "https://exemple.fr/a?b=1&amp;c=2", "http://exemple.fr", "mailto:a@exemple.fr", "https://exemple.fr/%C3%A9",
        "javascript:alert(1)", "JAVASCRIPT:alert(1)", "java&#x73;cript:alert(1)", "/relatif", "#ancre", " https://exemple.fr",
        "https://exemple.fr/&quot;onmouseover=&quot;x", "data:image/png;base64,AAAA", "vbscript:x", "https://exemple.fr/&{x}",
    ];

    private static readonly string[] Texts = ["texte", "é", " ", "\u00a0", "&amp;", "&lt;", "&gt;", "&quot;", "'", "\"", ">", "😀", "\t", "« x »", "a\nb"];

    private static readonly string[] Values = ["titre", "« titre »\u00a0!", "&quot;x&quot;", "a &amp; b", "&lt;b&gt;", "'", ""];

    // Entities Markdig does not write, "&{", raw "<" and a carriage return: rarer, and all refused.
    private static readonly string[] OddTexts = ["&copy;", "&{", "&#60;", "\r", "<", "&amp"];

    private static readonly string[] Hostile = [" onclick=\"alert(1)\"", " style=\"color: red\"", " class=\"x\"", " rel=\"opener\"", " id=\"x\"", " href=\"https://exemple.fr\""];

    private static string Url(Random random) => random.Next(8) == 0 ? Urls[random.Next(Urls.Length)] : GoodUrls[random.Next(GoodUrls.Length)];

    private static string Value(Random random) => random.Next(20) == 0 ? OddTexts[random.Next(OddTexts.Length)] : Values[random.Next(Values.Length)];

    public static string Fragment(Random random)
    {
        var html = new StringBuilder();
        for (var k = random.Next(1, 5); k > 0; k--)
        {
            Element(html, random, Blocks[random.Next(Blocks.Length)], depth: 0);
            html.Append('\n');
        }

        var text = html.ToString();
        return random.Next(10) switch
        {
            0 when text.Length > 2 => text.Remove(random.Next(text.Length - 1), 1),
            1 => text.Insert(random.Next(text.Length), Anywhere[random.Next(Anywhere.Length)] is var tag && random.Next(2) == 0 ? $"<{tag}>" : $"</{Anywhere[random.Next(Anywhere.Length)]}>"),
            _ => text,
        };
    }

    private static void Element(StringBuilder html, Random random, string name, int depth)
    {
        if (random.Next(150) == 0)
        {
            name = Anywhere[random.Next(Anywhere.Length)];
        }

        html.Append('<').Append(name);
        switch (name)
        {
            case "a":
                html.Append(" href=\"").Append(Url(random)).Append('"');
                if (random.Next(3) == 0)
                {
                    html.Append(" title=\"").Append(Value(random)).Append('"');
                }

                break;
            case "img":
                html.Append(" src=\"").Append(Url(random)).Append("\" alt=\"").Append(Value(random)).Append('"');
                break;
            case "ol" when random.Next(2) == 0:
                html.Append(random.Next(2) == 0 ? " start=\"3\"" : " type=\"a\"");
                break;
            case "th" or "td" when random.Next(2) == 0:
                html.Append(" style=\"text-align: right;\"");
                break;
            case "code" when random.Next(2) == 0:
                html.Append(" class=\"language-").Append(Value(random)).Append('"');
                break;
        }

        if (random.Next(150) == 0)
        {
            html.Append(Hostile[random.Next(Hostile.Length)]);
        }

        if (name is "br" or "hr" or "img")
        {
            html.Append(random.Next(4) == 0 ? ">" : " />");
            return;
        }

        html.Append('>');
        if (depth < 6)
        {
            switch (name)
            {
                case "ul" or "ol":
                    Children(html, random, "li", depth, lineFeeds: true);
                    break;
                case "li":
                    if (random.Next(3) == 0)
                    {
                        Element(html, random, "p", depth + 1);
                        html.Append('\n');
                        Element(html, random, random.Next(2) == 0 ? "ul" : "blockquote", depth + 1);
                    }
                    else
                    {
                        Inline(html, random, depth);
                    }

                    break;
                case "blockquote":
                    html.Append('\n');
                    Element(html, random, Blocks[random.Next(Blocks.Length)], depth + 1);
                    html.Append('\n');
                    break;
                case "pre":
                    Element(html, random, "code", depth + 1);
                    break;
                case "table":
                    html.Append('\n');
                    Element(html, random, "thead", depth + 1);
                    html.Append('\n');
                    Element(html, random, "tbody", depth + 1);
                    html.Append('\n');
                    break;
                case "thead" or "tbody":
                    Children(html, random, "tr", depth, lineFeeds: true);
                    break;
                case "tr":
                    Children(html, random, random.Next(2) == 0 ? "th" : "td", depth, lineFeeds: true);
                    break;
                default:
                    Inline(html, random, depth);
                    break;
            }
        }

        if (random.Next(200) != 0)
        {
            html.Append("</").Append(name).Append('>');
        }
    }

    private static void Children(StringBuilder html, Random random, string name, int depth, bool lineFeeds)
    {
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            if (lineFeeds)
            {
                html.Append('\n');
            }

            Element(html, random, name, depth + 1);
        }

        if (lineFeeds)
        {
            html.Append('\n');
        }
    }

    private static void Inline(StringBuilder html, Random random, int depth)
    {
        for (var k = random.Next(1, 5); k > 0; k--)
        {
            if (random.Next(3) == 0 && depth < 5)
            {
                Element(html, random, Inlines[random.Next(Inlines.Length)], depth + 1);
            }
            else
            {
                html.Append(random.Next(40) == 0 ? OddTexts[random.Next(OddTexts.Length)] : Texts[random.Next(Texts.Length)]);
            }
        }
    }
}
