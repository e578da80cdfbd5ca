using System.Text;

namespace RtesResources.Web.Features.Content;

/// <summary>
/// A strict reader of the HTML that Markdig writes with raw HTML disabled (ADR-012): a small known
/// vocabulary of elements and attributes, always well nested. When every tag, attribute, URL and
/// character of the HTML is one it recognises, it writes that HTML out as HtmlSanitizer would
/// (same elements, attributes and order, rel="noopener noreferrer" added to links, text and
/// attribute values escaped as AngleSharp escapes them, disallowed presentation attributes dropped);
/// for anything else it gives up (null) and the caller runs the full sanitizer. It never repairs:
/// an unknown element or attribute, a URL whose scheme is not http, https or mailto, an entity it
/// does not expect, a control character, a misnested or too deep structure all mean null.
/// </summary>
internal static class MarkdigHtmlAllowlist
{
    /// <summary>Deeper structures (lists in quotes in lists...) are left to the sanitizer.</summary>
    private const int MaxDepth = 32;

    private const string LinkRel = "noopener noreferrer";

    [Flags]
    private enum Holds
    {
        None = 0,
        Blocks = 1,
        Inline = 2,
        ListItems = 4,
        TableSections = 8,
        Rows = 16,
        Cells = 32,
        CodeOnly = 64,
        TextOnly = 128,
    }

    private enum Role
    {
        Block,
        Inline,
        ListItem,
        TableSection,
        Row,
        Cell,
    }

    private enum Check
    {
        Keep,
        Url,
        Number,
        ListType,
        DropAny,
        DropAlignment,
    }

    private sealed record Element(string Name, Role Role, Holds Holds, bool Void = false, bool Text = false)
    {
        public IReadOnlyDictionary<string, Check> Attributes { get; init; } = new Dictionary<string, Check>();
    }

    private static readonly Dictionary<string, Element> Elements = new Element[]
    {
        new("p", Role.Block, Holds.Inline, Text: true),
        new("h1", Role.Block, Holds.Inline, Text: true),
        new("h2", Role.Block, Holds.Inline, Text: true),
        new("h3", Role.Block, Holds.Inline, Text: true),
        new("h4", Role.Block, Holds.Inline, Text: true),
        new("h5", Role.Block, Holds.Inline, Text: true),
        new("h6", Role.Block, Holds.Inline, Text: true),
        new("blockquote", Role.Block, Holds.Blocks),
        new("ul", Role.Block, Holds.ListItems),
        new("ol", Role.Block, Holds.ListItems) { Attributes = new Dictionary<string, Check> { ["start"] = Check.Number, ["type"] = Check.ListType } },
        new("li", Role.ListItem, Holds.Blocks | Holds.Inline, Text: true),
        new("pre", Role.Block, Holds.CodeOnly),
        new("hr", Role.Block, Holds.None, Void: true),
        new("table", Role.Block, Holds.TableSections),
        new("thead", Role.TableSection, Holds.Rows),
        new("tbody", Role.TableSection, Holds.Rows),
        new("tr", Role.Row, Holds.Cells),
        new("th", Role.Cell, Holds.Inline, Text: true) { Attributes = new Dictionary<string, Check> { ["style"] = Check.DropAlignment } },
        new("td", Role.Cell, Holds.Inline, Text: true) { Attributes = new Dictionary<string, Check> { ["style"] = Check.DropAlignment } },
        new("em", Role.Inline, Holds.Inline, Text: true),
        new("strong", Role.Inline, Holds.Inline, Text: true),
        new("del", Role.Inline, Holds.Inline, Text: true),
        new("ins", Role.Inline, Holds.Inline, Text: true),
        new("mark", Role.Inline, Holds.Inline, Text: true),
        new("sub", Role.Inline, Holds.Inline, Text: true),
        new("sup", Role.Inline, Holds.Inline, Text: true),
        new("code", Role.Inline, Holds.Inline, Text: true) { Attributes = new Dictionary<string, Check> { ["class"] = Check.DropAny } },
        new("a", Role.Inline, Holds.Inline, Text: true) { Attributes = new Dictionary<string, Check> { ["href"] = Check.Url, ["title"] = Check.Keep } },
        new("br", Role.Inline, Holds.None, Void: true),
        new("img", Role.Inline, Holds.None, Void: true) { Attributes = new Dictionary<string, Check> { ["src"] = Check.Url, ["alt"] = Check.Keep, ["title"] = Check.Keep } },
    }.ToDictionary(e => e.Name, StringComparer.Ordinal);

    // The code element of a code block: text only, right inside its pre.
    private static readonly Element BlockCode = new("code", Role.Inline, Holds.TextOnly, Text: true) { Attributes = Elements["code"].Attributes };

    private static readonly Element Root = new("", Role.Block, Holds.Blocks);

    /// <summary>The HTML as the sanitizer would write it, or null when it is not entirely recognised.</summary>
    public static string? TryRewrite(string html)
    {
        var output = new StringBuilder(html.Length + 256);
        var value = new StringBuilder();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var open = new Stack<Element>();
        var current = Root;
        var links = 0;
        var i = 0;
        while (i < html.Length)
        {
            var c = html[i];
            if (c != '<')
            {
                // Text: only where text may be, only whitespace (line feeds) between blocks, rows and items.
                if (current.Holds == Holds.CodeOnly || !ReadText(html, ref i, output, allowText: current.Text))
                {
                    return null;
                }

                continue;
            }

            if (i + 1 < html.Length && html[i + 1] == '/')
            {
                i += 2;
                var endName = ReadName(html, ref i);
                if (endName is null || i >= html.Length || html[i] != '>' || open.Count == 0 || current.Name != endName)
                {
                    return null;
                }

                i++;
                output.Append("</").Append(endName).Append('>');
                if (endName == "a")
                {
                    links--;
                }

                open.Pop();
                current = open.Count > 0 ? open.Peek() : Root;
                continue;
            }

            i++;
            var name = ReadName(html, ref i);
            if (name is null || !Elements.TryGetValue(name, out var element))
            {
                return null;
            }

            if (current.Holds == Holds.CodeOnly)
            {
                // A code block: <pre> is followed at once by its <code> (no line feed for the parser to drop).
                if (name != "code")
                {
                    return null;
                }

                element = BlockCode;
            }
            else if (!Fits(element.Role, current.Holds) || (name == "a" && links > 0) || open.Count >= MaxDepth)
            {
                return null;
            }

            output.Append('<').Append(name);
            var hasUrl = false;
            var selfClosing = false;
            seen.Clear();
            while (true)
            {
                if (i >= html.Length)
                {
                    return null;
                }

                if (html[i] == '>')
                {
                    i++;
                    break;
                }

                if (html[i] != ' ')
                {
                    return null;
                }

                i++;
                if (i + 1 < html.Length && html[i] == '/' && html[i + 1] == '>')
                {
                    selfClosing = true;
                    i += 2;
                    break;
                }

                var attribute = ReadName(html, ref i);
                if (attribute is null || !element.Attributes.TryGetValue(attribute, out var check)
                    || i + 1 >= html.Length || html[i] != '=' || html[i + 1] != '"')
                {
                    return null;
                }

                // Each allowed attribute at most once (the parser would keep the first of two).
                if (!seen.Add(attribute))
                {
                    return null;
                }

                i += 2;
                if (!ReadAttributeValue(html, ref i, value) || !Accepts(check, value))
                {
                    return null;
                }

                if (check is Check.DropAny or Check.DropAlignment)
                {
                    continue;
                }

                hasUrl |= check == Check.Url;
                output.Append(' ').Append(attribute).Append("=\"");
                AppendEscaped(output, value, attribute: true);
                output.Append('"');
            }

            // Only void elements close themselves; links and images always carry their URL (Markdig writes none without).
            if ((selfClosing && !element.Void) || (name is "a" or "img" && !hasUrl))
            {
                return null;
            }

            if (name == "a")
            {
                output.Append(" rel=\"").Append(LinkRel).Append('"');
                links++;
            }

            output.Append('>');
            if (!element.Void)
            {
                open.Push(element);
                current = element;
            }
        }

        return open.Count == 0 ? output.ToString() : null;
    }

    private static bool Fits(Role role, Holds holds) => role switch
    {
        Role.Block => (holds & Holds.Blocks) != 0,
        Role.Inline => (holds & Holds.Inline) != 0,
        Role.ListItem => holds == Holds.ListItems,
        Role.TableSection => holds == Holds.TableSections,
        Role.Row => holds == Holds.Rows,
        Role.Cell => holds == Holds.Cells,
        _ => false,
    };

    /// <summary>Lower-case ASCII letters and digits, as Markdig writes tag and attribute names.</summary>
    private static string? ReadName(string html, ref int i)
    {
        var start = i;
        while (i < html.Length && (char.IsAsciiLetterLower(html[i]) || (i > start && char.IsAsciiDigit(html[i]))))
        {
            i++;
        }

        return i == start ? null : html[start..i];
    }

    /// <summary>
    /// Text up to the next tag, decoded (Markdig escapes &amp;, &lt;, &gt; and &quot; only) and written
    /// escaped as AngleSharp escapes text. Where only whitespace may be, only line feeds are accepted.
    /// </summary>
    private static bool ReadText(string html, ref int i, StringBuilder output, bool allowText)
    {
        while (i < html.Length && html[i] != '<')
        {
            var c = html[i];
            if (!allowText && c != '\n')
            {
                return false;
            }

            if (c == '&')
            {
                if (!ReadEntity(html, ref i, out c))
                {
                    return false;
                }
            }
            else if (!IsPlainCharacter(html, i))
            {
                return false;
            }
            else
            {
                i++;
                if (char.IsHighSurrogate(c))
                {
                    output.Append(c).Append(html[i]);
                    i++;
                    continue;
                }
            }

            AppendEscaped(output, c, attribute: false);
        }

        return true;
    }

    private static bool ReadAttributeValue(string html, ref int i, StringBuilder value)
    {
        value.Clear();
        while (i < html.Length && html[i] != '"')
        {
            var c = html[i];
            if (c == '&')
            {
                if (!ReadEntity(html, ref i, out c))
                {
                    return false;
                }

                value.Append(c);
                continue;
            }

            if (c == '<' || !IsPlainCharacter(html, i))
            {
                return false;
            }

            value.Append(c);
            i++;
            if (char.IsHighSurrogate(c))
            {
                value.Append(html[i]);
                i++;
            }
        }

        if (i >= html.Length)
        {
            return false;
        }

        i++;
        return true;
    }

    private static bool ReadEntity(string html, ref int i, out char decoded)
    {
        var rest = html.AsSpan(i);
        (decoded, var length) = rest switch
        {
            _ when rest.StartsWith("&amp;", StringComparison.Ordinal) => ('&', 5),
            _ when rest.StartsWith("&lt;", StringComparison.Ordinal) => ('<', 4),
            _ when rest.StartsWith("&gt;", StringComparison.Ordinal) => ('>', 4),
            _ when rest.StartsWith("&quot;", StringComparison.Ordinal) => ('"', 6),
            _ => ('\0', 0),
        };
        i += length;
        return length > 0;
    }

    /// <summary>
    /// Not a character the HTML parser would change or that deserves a second look: NUL, carriage
    /// return and the other C0 controls but tab and line feed, DEL, U+FFFF (AngleSharp's end-of-input
    /// mark, which the sanitizer writes as U+FFFD) and surrogates that are not a pair.
    /// </summary>
    private static bool IsPlainCharacter(string html, int i)
    {
        var c = html[i];
        if (c < ' ')
        {
            return c is '\n' or '\t';
        }

        if (c is '\u007f' or '\uffff')
        {
            return false;
        }

        if (char.IsHighSurrogate(c))
        {
            return i + 1 < html.Length && char.IsLowSurrogate(html[i + 1]);
        }

        return !char.IsLowSurrogate(c);
    }

    private static bool Accepts(Check check, StringBuilder value)
    {
        // HtmlSanitizer drops any attribute whose value holds "&{" (old browsers' JavaScript entities).
        for (var k = 0; k + 1 < value.Length; k++)
        {
            if (value[k] == '&' && value[k + 1] == '{')
            {
                return false;
            }
        }

        switch (check)
        {
            case Check.Keep or Check.DropAny:
                return true;
            case Check.Number:
                return value.Length is > 0 and < 10 && value.ToString().All(char.IsAsciiDigit);
            case Check.ListType:
                return value.ToString() is "1" or "a" or "A" or "i" or "I";
            case Check.DropAlignment:
                return value.ToString() is "text-align: left;" or "text-align: center;" or "text-align: right;";
            case Check.Url:
                var url = value.ToString();
                if (!(url.StartsWith("https://", StringComparison.Ordinal) || url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("mailto:", StringComparison.Ordinal)))
                {
                    return false;
                }

                // Markdig percent-encodes spaces and controls: any left means something it did not write.
                foreach (var c in url)
                {
                    if (char.IsWhiteSpace(c) || char.IsControl(c))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private static void AppendEscaped(StringBuilder output, StringBuilder value, bool attribute)
    {
        foreach (var chunk in value.GetChunks())
        {
            foreach (var c in chunk.Span)
            {
                AppendEscaped(output, c, attribute);
            }
        }
    }

    /// <summary>AngleSharp's escaping: &amp;, &lt;, &gt; and no-break spaces everywhere, double quotes in attribute values.</summary>
    private static void AppendEscaped(StringBuilder output, char c, bool attribute)
    {
        switch (c)
        {
            case '&':
                output.Append("&amp;");
                break;
            case '<':
                output.Append("&lt;");
                break;
            case '>':
                output.Append("&gt;");
                break;
            case '\u00a0':
                output.Append("&nbsp;");
                break;
            case '"' when attribute:
                output.Append("&quot;");
                break;
            default:
                output.Append(c);
                break;
        }
    }
}
