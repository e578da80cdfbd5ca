using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace RtesResources.Web.Features.Content;

/// <summary>
/// Markdown to HTML that is safe to write into a page: Markdig with raw HTML disabled, then a second
/// wall against links with javascript: or data: schemes, event-handler attributes and the like. That
/// wall is a strict allowlist of what Markdig writes (<see cref="MarkdigHtmlAllowlist"/>), which gives
/// the sanitizer's own output for the HTML it fully recognises, and HtmlSanitizer for everything else
/// (ADR-012).
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseAutoLinks()
        .UsePipeTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToSafeHtml(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Render(markdown, SafeHtml);

    /// <summary>Plain text of the Markdown, paragraphs kept apart: what search indexes and quotes from.</summary>
    public string ToPlainText(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Render(markdown, PlainText).Trim();

    /// <summary>Plain text of the Markdown, whitespace folded, cut at a word boundary with an ellipsis.</summary>
    public string ToExcerpt(string? markdown, int maxLength) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Excerpt(Render(markdown, PlainText), maxLength);

    /// <summary>What <see cref="ToSafeHtml"/> and <see cref="ToExcerpt"/> give, from one parse of the Markdown.</summary>
    public (string Html, string Excerpt) ToSafeHtmlAndExcerpt(string? markdown, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return ("", "");
        }

        return Render(markdown, document => (SafeHtml(document), Excerpt(PlainText(document), maxLength)));
    }

    /// <summary>
    /// Renders the Markdown's document. Markdig refuses nesting deeper than it supports (a hundred and
    /// more quote levels, thousands of emphasis marks) with an ArgumentException, when parsing or when
    /// rendering: such a text is then read as plain text, every punctuation mark escaped, so that
    /// saving it never fails and nothing typed is lost (the Markdown itself is stored as written).
    /// </summary>
    private T Render<T>(string markdown, Func<MarkdownDocument, T> render)
    {
        try
        {
            return render(Markdown.Parse(markdown, _pipeline));
        }
        catch (ArgumentException)
        {
            return render(Markdown.Parse(EscapePunctuation(markdown), _pipeline));
        }
    }

    private static string EscapePunctuation(string markdown)
    {
        var escaped = new System.Text.StringBuilder(markdown.Length * 2);
        foreach (var c in markdown)
        {
            if (c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    // For tests: the rendering as it was before the allowlist (every HTML through the sanitizer, a parse
    // per output), Markdig's HTML unchecked, and the sanitizer alone, to compare the allowlist with.
    internal string ToSafeHtmlAsBefore(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, _pipeline));

    internal string ToPlainTextAsBefore(string markdown) => Markdown.ToPlainText(markdown, _pipeline);

    internal string ToUncheckedHtml(string markdown) => Markdown.ToHtml(markdown, _pipeline);

    internal string Sanitize(string html) => _sanitizer.Sanitize(html);

    private string SafeHtml(MarkdownDocument document)
    {
        var html = document.ToHtml(_pipeline);
        return MarkdigHtmlAllowlist.TryRewrite(html) ?? _sanitizer.Sanitize(html);
    }

    /// <summary>As Markdig's own ToPlainText, from a document already parsed.</summary>
    private string PlainText(MarkdownDocument document)
    {
        var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer)
        {
            EnableHtmlForBlock = false,
            EnableHtmlForInline = false,
            EnableHtmlEscape = false,
        };
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    private static string Excerpt(string plainText, int maxLength)
    {
        var text = string.Join(' ', plainText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', maxLength - 1);
        return string.Concat(text.AsSpan(0, cut > maxLength / 2 ? cut : maxLength - 1), "…");
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            // Links in content lead off the site: never hand the opener or the referrer's path to them.
            // (MarkdigHtmlAllowlist adds the same attribute to the links it lets through.)
            if (e.Node is AngleSharp.Html.Dom.IHtmlAnchorElement anchor && anchor.HasAttribute("href"))
            {
                anchor.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
