using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Content;

/// <summary>
/// A security review of the allowlist fast path (ADR-012): hostile Markdown and hand-made HTML that try
/// to get script-capable content past <see cref="MarkdigHtmlAllowlist"/>. Whatever way the rendering goes,
/// it must be the sanitizer's, and harmless once a browser-like parser reads it.
/// </summary>
public partial class AllowlistAttackTests
{
    private readonly MarkdownRenderer _renderer = new();

    private static readonly HashSet<string> Vocabulary =
    [
        "html", "head", "body", "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "hr",
        "table", "thead", "tbody", "tr", "th", "td", "em", "strong", "del", "ins", "mark", "sub", "sup", "code", "a", "br", "img",
    ];

    private static readonly HashSet<string> Attributes = ["href", "src", "alt", "title", "rel", "start", "type"];

    [Theory]
    // Schemes hidden by entities, escapes, case, whitespace and controls.
    [InlineData("[x](&#x68;ttp://exemple.fr)")]
    [InlineData("[x](&#104;ttps://exemple.fr)")]
    [InlineData("[x](javascript\\:alert(1))")]
    [InlineData("[x](java\\script:alert(1))")]
    [InlineData("[x](<java\tscript:alert(1)>)")]
    [InlineData("[x](<\tjavascript:alert(1)>)")]
    [InlineData("[x](<javascript:alert(1)\t>)")]
    [InlineData("[x](javascript&Tab;:alert(1))")]
    [InlineData("[x](java&NewLine;script:alert(1))")]
    [InlineData("[x](javascript&colon;alert(1))")]
    [InlineData("[x](&Jscr;avascript:alert(1))")]
    [InlineData("[x](HTTP://exemple.fr)")]
    [InlineData("[x](Https://exemple.fr)")]
    [InlineData("[x](MAILTO:a@exemple.fr)")]
    [InlineData("[x](mailto:a@exemple.fr?subject=%22)")]
    [InlineData("[x](//evil.example/x)")]
    [InlineData("[x](\\\\evil.example\\x)")]
    [InlineData("[x](/\\evil.example)")]
    [InlineData("[x](http:javascript:alert(1))")]
    [InlineData("[x](https:/\\evil.example)")]
    [InlineData("[x](http://exemple.fr/javascript:alert(1))")]
    [InlineData("[x](http://exemple.fr&#10;javascript:alert(1))")]
    [InlineData("[x](http://exemple.fr&#9;x)")]
    [InlineData("[x](http://exemple.fr&#0;x)")]
    [InlineData("[x](http://exemple.fr/&#8238;x)")]
    [InlineData("[x](http://exemple.fr/&{alert(1)})")]
    [InlineData("[x](http://exemple.fr/&amp;{alert(1)})")]
    [InlineData("[x](http://exemple.fr/&#38;{alert(1)})")]
    [InlineData("[x](javascript:alert%281%29)")]
    [InlineData("[x](jav%61script:alert(1))")]
    [InlineData("[x](data:text/html,<script>alert(1)</script>)")]
    [InlineData("[x](<data:text/html,<script>alert(1)</script>>)")]
    [InlineData("[x](ja\u200bvascript:alert(1))")]
    [InlineData("[x](\u00a0javascript:alert(1))")]
    [InlineData("[x](\u3000javascript:alert(1))")]
    [InlineData("[x](ｊavascript:alert(1))")]
    // URLs and titles trying to leave their attribute.
    [InlineData("[x](http://exemple.fr/\"><script>alert(1)</script>)")]
    [InlineData("[x](<http://exemple.fr/\" onclick=\"alert(1)>)")]
    [InlineData("[x](<http://exemple.fr/' onclick='alert(1)>)")]
    [InlineData("[x](http://exemple.fr 'a\" onclick=\"alert(1)')")]
    [InlineData("[x](http://exemple.fr (a\" onclick=\"alert(1)))")]
    [InlineData("[x](http://exemple.fr \"&#34; onclick=&#34;alert(1)\")")]
    [InlineData("[x](http://exemple.fr \"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\")")]
    [InlineData("[x](http://exemple.fr \"&{alert(1)}\")")]
    [InlineData("[x](http://exemple.fr \"&amp;{alert(1)}\")")]
    [InlineData("[x](http://exemple.fr \"a\nb\")")]
    [InlineData("[x](http://exemple.fr \"a\tb\")")]
    // Reference links and definitions.
    [InlineData("[x]\n\n[x]: javascript:alert(1)")]
    [InlineData("[x]\n\n[x]: <javascript:alert(1)> \"t\"")]
    [InlineData("[x][]\n\n[x]: http://exemple.fr \"t\\\" onclick=\\\"alert(1)\"")]
    [InlineData("[x][y]\n\n[Y]: HTTP://exemple.fr")]
    [InlineData("[x][y]\n\n[y]: http://exemple.fr\n[y]: javascript:alert(1)")]
    // Autolinks: angle brackets, bare www., http and e-mail addresses.
    [InlineData("<http://exemple.fr/\"onclick=\"alert(1)>")]
    [InlineData("<HTTP://exemple.fr>")]
    [InlineData("<mailto:a@exemple.fr>")]
    [InlineData("<MAILTO:a@exemple.fr>")]
    [InlineData("<a\"onclick=\"alert(1)@exemple.fr>")]
    [InlineData("<a@exemple.fr>")]
    [InlineData("a@exemple.fr")]
    [InlineData("a+b.c_d@exemple.fr.")]
    [InlineData("mailto:a@exemple.fr")]
    [InlineData("www.exemple.fr/\"onclick=\"alert(1)")]
    [InlineData("www.exemple.fr/'onclick='alert(1)'")]
    [InlineData("www.exemple.fr/<script>alert(1)</script>")]
    [InlineData("www.exemple.fr/&{alert(1)}")]
    [InlineData("www.exemple.fr/&quot;x")]
    [InlineData("www.exemple.fr/a&amp;b")]
    [InlineData("http://exemple.fr/\"onclick=\"alert(1)")]
    [InlineData("http://exemple.fr/<img src=x onerror=alert(1)>")]
    [InlineData("https://exemple.fr/(a)[b]{c}\\d")]
    [InlineData("ftp://exemple.fr/x")]
    [InlineData("javascript://exemple.fr/%0aalert(1)")]
    [InlineData("www.javascript:alert(1)")]
    [InlineData("http://javascript:alert(1)")]
    [InlineData("http://\u202eexemple.fr")]
    [InlineData("www.exemple.fr\u200b/x")]
    [InlineData("[www.exemple.fr](javascript:alert(1))")]
    [InlineData("[http://exemple.fr](http://exemple.fr)")]
    // Images: src, alt made of inlines, titles; images in links and links in image descriptions.
    [InlineData("![a *b* `c` \"d\" <e> &amp; &{x}](http://exemple.fr/i.png)")]
    [InlineData("![[x](javascript:alert(1))](http://exemple.fr/i.png)")]
    [InlineData("![x](http://exemple.fr/i.png \"t\" )")]
    [InlineData("![x](//evil.example/i.png)")]
    [InlineData("![x](HTTP://exemple.fr/i.png)")]
    [InlineData("![x](http://exemple.fr/i.png\"onerror=\"alert(1))")]
    [InlineData("[![x](javascript:alert(1))](http://exemple.fr)")]
    [InlineData("[![x](http://exemple.fr/i.png)](javascript:alert(1))")]
    [InlineData("[a [b](http://exemple.fr/b)](http://exemple.fr/a)")]
    [InlineData("[a <http://exemple.fr/b>](http://exemple.fr/a)")]
    [InlineData("[a www.exemple.fr](http://exemple.fr/a)")]
    [InlineData("![a www.exemple.fr](http://exemple.fr/a)")]
    [InlineData("![a <http://exemple.fr/b>](http://exemple.fr/a)")]
    // Code spans and fences with hostile info strings.
    [InlineData("```js onclick=alert(1)\nx\n```")]
    [InlineData("```js\"onclick=\"alert(1)\nx\n```")]
    [InlineData("~~~<script>alert(1)</script>\nx\n~~~")]
    [InlineData("```&quot;&#34;&{x}\nx\n```")]
    [InlineData("```\n</code></pre><script>alert(1)</script>\n```")]
    [InlineData("    </code></pre><script>alert(1)</script>")]
    [InlineData("`</code><script>alert(1)</script>`")]
    [InlineData("```\n\n\nx\n```")]
    [InlineData("```\n<!-- x --><![CDATA[<script>alert(1)</script>]]>\n```")]
    // Tables, emphasis extras, list extras.
    [InlineData("| a | b |\n|:-|-:|\n| [x](javascript:alert(1)) | ![x](javascript:alert(1)) |")]
    [InlineData("| a\" style=\"x | b |\n|:-:|---|\n| c | d |")]
    [InlineData("| a |\n|---|\n| `|` \\| <b> |")]
    [InlineData("~~a~~ ~b~ ^c^ ++d++ ==e== *f* **g** ***h***")]
    [InlineData("~~[x](javascript:alert(1))~~ ==<script>== ^<img src=x onerror=alert(1)>^")]
    [InlineData("a. x\nb. y")]
    [InlineData("iv. x\nv. y")]
    [InlineData("C) x\nD) y")]
    [InlineData("999999999. x")]
    [InlineData("0123456789. x")]
    [InlineData("- [ ] task\n- [x] done")]
    // Comments, CDATA, processing instructions, declarations and raw HTML: all escaped with HTML disabled.
    [InlineData("<!-- <script>alert(1)</script> -->")]
    [InlineData("<![CDATA[<script>alert(1)</script>]]>")]
    [InlineData("<?php echo 1; ?>")]
    [InlineData("<!DOCTYPE html>")]
    [InlineData("<a href=\"javascript:alert(1)\">x</a>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>")]
    [InlineData("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">")]
    [InlineData("<textarea></textarea><script>alert(1)</script>")]
    // Entities and odd characters in text.
    [InlineData("&lt;script&gt; &#x3C;script&#x3E; &#0; &#xD800; &#1114112; &NotANamedEntity;")]
    [InlineData("&nbsp;&ensp;&emsp;&thinsp;&zwnj;&zwj;&lrm;&rlm;")]
    [InlineData("\u202e<script>\u202c \u200f \ufeff \u2028 \u2029")]
    [InlineData("＜script＞alert(1)＜/script＞ ﹤script﹥")]
    [InlineData("# titre {#id onclick=alert(1)}")]
    [InlineData("titre\n===\n\n# a #")]
    public void HostileMarkdownGivesTheSanitizersHarmlessHtml(string markdown) => AssertSafe(markdown);

    [Fact]
    public void ControlCharactersAndNoncharactersGiveTheSanitizersHarmlessHtml()
    {
        // Written here rather than as theory data: test reports cannot hold these characters.
        AssertSafe("\u0085 \u0080 \u009f \ufffe \uffff \ufdd0 [x\u0085](http://exemple.fr/\u0085 \"\u0085\ufffe\")");
        AssertSafe("x\0<script>alert(1)</script> [x](<java\0script:alert(1)>) [x](http://exemple.fr \"\0\")");
        AssertSafe("x\r<script>\rx\r\n[x](http://exemple.fr \"a\rb\")");
        AssertSafe("\f x \v y \u001b z [x](http://exemple.fr \"\u001b\v\f\")");
        AssertSafe("[x](<\u0001javascript:alert(1)>) [x](<javascript\u001f:alert(1)>) [x](<javascript:\u007falert(1)>)");
    }

    [Fact]
    public void VeryDeepAndVeryLongInputsGiveTheSanitizersHarmlessHtml()
    {
        AssertSafe(new string('>', 200) + " [x](javascript:alert(1)) [y](http://exemple.fr)");
        AssertSafe(string.Concat(Enumerable.Range(0, 60).Select(k => new string(' ', 2 * k) + "- [x](http://exemple.fr)\n")));
        AssertSafe(new string('*', 5000) + "x" + new string('*', 5000));
        AssertSafe(string.Concat(Enumerable.Repeat("[", 2000)) + "x" + string.Concat(Enumerable.Repeat("](http://exemple.fr)", 2000)));
        AssertSafe(string.Concat(Enumerable.Repeat("[x](http://exemple.fr \"t\") ", 5000)));
        AssertSafe("[x](http://exemple.fr/" + new string('a', 100_000) + ")");
        AssertSafe("| a |\n|---|\n" + string.Concat(Enumerable.Repeat("| [x](http://exemple.fr) |\n", 2000)));
    }

    [Fact]
    public void EveryCharacterInTextLinksTitlesAndCodeGivesTheSanitizersHarmlessHtml()
    {
        // Every BMP code unit that parsers and encoders may single out (ASCII, Latin, controls, formats, lone
        // surrogates, spaces, punctuation, symbols, unassigned), one in 61 of the letters, marks, digits and
        // private-use characters that Markdig and HTML treat alike within their category, and a few astral
        // ones, in every place text can be. All 65,536 took two minutes of the suite for no other outcome.
        var characters = Enumerable.Range(0, 0x10000).Where(IsSingledOut).Select(c => ((char)c).ToString())
            .Concat(["😀", "\U000e0041", "\U0010ffff"]);
        foreach (var chunk in characters.Chunk(512))
        {
            var text = string.Concat(chunk.Select(c => "a" + c + "b "));
            var markdown = new StringBuilder();
            foreach (var c in chunk)
            {
                markdown.Append('x').Append(c).Append("y [l").Append(c).Append("](http://exemple.fr/").Append(c).Append(" \"t").Append(c).Append("\") ")
                    .Append("![a").Append(c).Append("](https://exemple.fr/i").Append(c).Append(".png) `c").Append(c).Append("` www.exemple.fr/").Append(c).Append(" \n");
            }

            AssertSafe(markdown.ToString());
            AssertSafe("```" + text.Replace("`", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal) + "\n" + text + "\n```");
        }
    }

    private static bool IsSingledOut(int c)
    {
        if (c < 0x300 || c % 61 == 0)
        {
            return true;
        }

        return CharUnicodeInfo.GetUnicodeCategory((char)c) switch
        {
            >= UnicodeCategory.UppercaseLetter and <= UnicodeCategory.OtherNumber => false,
            UnicodeCategory.PrivateUse => false,
            _ => true,
        };
    }

    [Theory]
    // Hand-made HTML where the allowlist's model of the document and a browser's could part.
    [InlineData("<p><a href=\"http://exemple.fr\" title=\"a&amp;quot; onclick=&amp;quot;x\">x</a></p>\n")]
    [InlineData("<p><a href=\"http://exemple.fr/&amp;#106;avascript:x\">x</a></p>\n")]
    [InlineData("<p><a href=\"http://exemple.fr\">x<img src=\"http://exemple.fr/i.png\" alt=\"&lt;/a&gt;&lt;script&gt;\" /></a></p>\n")]
    [InlineData("<p><em><a href=\"http://exemple.fr\">x</a></em><a href=\"http://exemple.fr\">y</a></p>\n")]
    [InlineData("<ul>\n<li><a href=\"http://exemple.fr\">x</a>\n<ul>\n<li><a href=\"http://exemple.fr\">y</a></li>\n</ul>\n</li>\n</ul>\n")]
    [InlineData("<table>\n<tbody>\n<tr>\n<td><a href=\"http://exemple.fr\">x</a></td>\n</tr>\n</tbody>\n</table>\n")]
    [InlineData("<pre><code>x</code><code>y</code></pre>\n")]
    [InlineData("<pre><code>\n\nx</code></pre>\n")]
    [InlineData("<p>x</p>\n<hr />\n<hr>\n<p>y<br>z<br />w</p>\n")]
    [InlineData("<ol start=\"0\" type=\"I\">\n<li>x</li>\n</ol>\n")]
    [InlineData("<li>x</li>")]
    [InlineData("<p>x</p>\n</p>\n")]
    [InlineData("</p>")]
    [InlineData("<p><a href=\"http://exemple.fr\"></a></p><a href=\"http://exemple.fr\"></a>")]
    [InlineData("<table>\n<tr>\n<td>x</td>\n</tr>\n</table>\n")]
    [InlineData("<table>\n<tbody>\n\t<tr>\n<td>x</td>\n</tr>\n</tbody>\n</table>\n")]
    [InlineData("<p><code class=\"x\" class=\"y\">x</code></p>\n")]
    [InlineData("<p><a href=\"http://exemple.fr\" title=\"a\" title=\"b\">x</a></p>\n")]
    [InlineData("<p><a title=\"http://exemple.fr\" href=\"mailto:\">x</a></p>\n")]
    [InlineData("<p><img src=\"http://exemple.fr/i.png\"></img></p>\n")]
    [InlineData("<p><br></br></p>\n")]
    [InlineData("<hr></hr>\n")]
    [InlineData("<p><a href=\"http://exemple.fr\"/></p>\n")]
    [InlineData("<p><a href=\"http://exemple.fr\" /></p>\n")]
    [InlineData("<p>\u00a0&amp;nbsp;</p>\n")]
    public void HandMadeHtmlIsRefusedOrWrittenAsTheSanitizerWritesIt(string html)
    {
        if (MarkdigHtmlAllowlist.TryRewrite(html) is { } rewritten)
        {
            Assert.Equal(_renderer.Sanitize(html), rewritten);
            AssertHarmless(rewritten);
        }
    }

    [Fact]
    public void TheSanitizersEndOfInputCharacterIsLeftToTheSanitizer()
    {
        // AngleSharp reads U+FFFF as its end-of-input mark and the sanitizer writes U+FFFD for it.
        Assert.Null(MarkdigHtmlAllowlist.TryRewrite("<p>x\uffffy</p>\n"));
        Assert.Null(MarkdigHtmlAllowlist.TryRewrite("<p><a href=\"https://exemple.fr/\uffff\" title=\"x\">z</a></p>\n"));
        Assert.Null(MarkdigHtmlAllowlist.TryRewrite("<p><img src=\"https://exemple.fr/i.png\" alt=\"\uffff\" /></p>\n"));
        Assert.Null(MarkdigHtmlAllowlist.TryRewrite("<pre><code>\uffff</code></pre>\n"));
        AssertSafe("x\uffffy [l\uffff](http://exemple.fr/ \"t\uffff\") ![a\uffff](https://exemple.fr/i.png) `c\uffff`\n\n```\n\uffff\n```");
    }

    private void AssertSafe(string markdown)
    {
        string before;
        try
        {
            before = _renderer.ToSafeHtmlAsBefore(markdown);
        }
        catch (ArgumentException)
        {
            // Markdig refuses too deep a nesting: the renderer then reads the text as plain text, still harmless.
            AssertHarmless(_renderer.ToSafeHtml(markdown));
            return;
        }

        var html = _renderer.ToSafeHtml(markdown);
        Assert.True(before == html, $"Rendering differs from the sanitizer's for:\n{markdown}\nallowlist: {html}\nsanitizer: {before}");
        AssertHarmless(html);
    }

    [GeneratedRegex("^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex UrlScheme();

    /// <summary>Parsed as a browser parses it: only the vocabulary, no handlers or styles, only http, https or mailto URLs.</summary>
    /// <remarks>
    /// Messages that quote the whole HTML are written only for a failure: built for every element of the
    /// long inputs (hundreds of KB each, thousands of elements), they took most of this class's minute.
    /// </remarks>
    private static void AssertHarmless(string html)
    {
        var document = Html.Parse(html);
        foreach (var element in document.All)
        {
            if (!Vocabulary.Contains(element.LocalName))
            {
                Assert.Fail($"<{element.LocalName}> in: {html}");
            }

            Assert.Equal(NamespaceNames.HtmlUri, element.NamespaceUri);
            foreach (var attribute in element.Attributes)
            {
                if (!Attributes.Contains(attribute.Name))
                {
                    Assert.Fail($"{attribute.Name}= in: {html}");
                }

                if (attribute.Name is "href" or "src")
                {
                    // What the URL parser reads as a scheme: leading and trailing C0 controls and spaces trimmed, tabs and line feeds removed.
                    var url = new string(attribute.Value.Trim(Enumerable.Range(0, 0x21).Select(c => (char)c).ToArray()).Where(c => c is not ('\t' or '\n' or '\r')).ToArray());
                    var scheme = UrlScheme().Match(url);
                    Assert.True(!scheme.Success || scheme.Groups[1].Value.ToLowerInvariant() is "http" or "https" or "mailto", attribute.Value);
                }

                if (attribute.Name == "rel")
                {
                    Assert.Equal("noopener noreferrer", attribute.Value);
                }
            }

            if (element.LocalName == "a" && element.HasAttribute("href"))
            {
                Assert.Equal("noopener noreferrer", element.GetAttribute("rel"));
            }
        }
    }
}
