using System.Globalization;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// One labelled form field — label, hint, the server's French error message, and the input, textarea or
/// select — whose name, id and value come from <c>asp-for</c>, so that renaming a property renames the
/// field or fails the build. <c>&lt;field asp-for="Email" label="Adresse e-mail" type="email" /&gt;</c>.
/// </summary>
/// <remarks>
/// The markup is the site's own rather than the framework's validation helpers: the error is tied to the
/// control by <c>aria-describedby</c> and <c>aria-invalid</c>, and the error summary links to the same id.
/// </remarks>
[HtmlTargetElement("field", Attributes = ForAttribute, TagStructure = TagStructure.WithoutEndTag)]
public sealed class FieldTagHelper(IHtmlGenerator generator) : TagHelper
{
    private const string ForAttribute = "asp-for";

    // Limit of a text field whose property declares none: what the shared field partial wrote before.
    private const int DefaultMaxLength = 256;

    private static readonly HashSet<string> TextTypes = new(StringComparer.Ordinal) { "text", "email", "password", "search", "url", "textarea" };

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    public string Label { get; set; } = "";

    public string? Hint { get; set; }

    /// <summary>
    /// An input type, "textarea", "select" (with <see cref="Items"/>), "day" (a date field that shows what
    /// was typed when it is not a date), or "checkbox" (a bool, box before its label).
    /// </summary>
    public string Type { get; set; } = "text";

    public string? Autocomplete { get; set; }

    public string? Inputmode { get; set; }

    /// <summary>Announced (aria-required) rather than enforced by the browser: the server's message is the validation.</summary>
    public bool Required { get; set; } = true;

    /// <summary>Overrides the <c>[StringLength]</c> of the property, for a field that accepts less than the model stores.</summary>
    public int? Maxlength { get; set; }

    [HtmlAttributeName("asp-items")]
    public IEnumerable<SelectListItem>? Items { get; set; }

    /// <summary>Shown when the model holds no value (a time field's "09:00").</summary>
    public string? DefaultValue { get; set; }

    /// <summary>The select's first, empty choice ("Choisir…", "Aucune").</summary>
    public string? OptionLabel { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = InputNames.FullName(ViewContext, For);
        var id = TagBuilder.CreateSanitizedId(name, generator.IdAttributeDotReplacement);
        var error = ViewContext.ModelState.ErrorFor(name);
        var describedBy = string.Join(' ', new[] { Hint is null ? null : id + "-aide", error is null ? null : id + "-erreur" }.OfType<string>());

        output.TagName = "div";
        output.TagMode = TagMode.StartTagAndEndTag;
        // Attributes the helper does not read (data-*, a class such as "field-search") stay on the wrapper.
        var classes = string.Join(' ', new[] { "field", Type == "checkbox" ? "checkbox" : null, output.Attributes["class"]?.Value?.ToString(), error is null ? null : "field-error" }.Where(c => !string.IsNullOrEmpty(c)));
        output.Attributes.SetAttribute("class", classes);

        var label = new TagBuilder("label");
        label.Attributes["for"] = id;
        label.InnerHtml.Append(Label);
        if (Type == "checkbox")
        {
            output.Content.AppendHtml(CheckBox(id, name));
            output.Content.AppendHtml(label);
            return;
        }

        output.Content.AppendHtml(label);
        if (Hint is not null)
        {
            output.Content.AppendHtml(Paragraph(id + "-aide", "hint", Hint));
        }

        if (error is not null)
        {
            output.Content.AppendHtml(Paragraph(id + "-erreur", "error-message", error));
        }

        var control = Type switch
        {
            "textarea" => new TagBuilder("textarea"),
            "select" => Select(),
            _ => new TagBuilder("input") { TagRenderMode = TagRenderMode.StartTag },
        };
        control.Attributes["id"] = id;
        control.Attributes["name"] = name;
        var maxLength = TextTypes.Contains(Type) ? Maxlength ?? InputLimits.MaxLength(For.Metadata.ContainerType, For.Metadata.PropertyName) ?? DefaultMaxLength : (int?)null;
        if (Type == "textarea")
        {
            control.Attributes["rows"] = maxLength > 5000 ? "16" : "5";
            // Browsers send CRLF; an encoded CR (&#xD;) is an HTML error.
            control.InnerHtml.Append(Text()?.ReplaceLineEndings("\n") ?? "");
        }
        else if (Type != "select")
        {
            var (type, value) = Type == "day" ? Day(Text()) : (Type, Type == "password" ? null : Text());
            control.Attributes["type"] = type;
            Set(control, "value", value);
        }

        Set(control, "maxlength", maxLength?.ToString(CultureInfo.InvariantCulture));
        Set(control, "autocomplete", Autocomplete);
        Set(control, "aria-required", Required && Type is not ("textarea" or "select") ? "true" : null);
        Set(control, "inputmode", Inputmode);
        Set(control, "aria-describedby", describedBy.Length == 0 ? null : describedBy);
        Set(control, "aria-invalid", error is null ? null : "true");
        output.Content.AppendHtml(control);
    }

    /// <summary>
    /// Checked from the model, which the binder set (false for a value it could not read): the framework's
    /// checkbox converts the posted text again and fails on a value that is not a bool. Unchecked posts
    /// nothing, which binds as false.
    /// </summary>
    private TagBuilder CheckBox(string id, string name)
    {
        var box = new TagBuilder("input") { TagRenderMode = TagRenderMode.StartTag };
        box.Attributes["id"] = id;
        box.Attributes["name"] = name;
        box.Attributes["type"] = "checkbox";
        box.Attributes["value"] = "true";
        if (For.Model is true)
        {
            box.Attributes["checked"] = "checked";
        }

        return box;
    }

    private TagBuilder Select()
    {
        // The generator marks the chosen option from the posted value, else the model's.
        var select = generator.GenerateSelect(ViewContext, For.ModelExplorer, OptionLabel, InputNames.Expression(For), Items ?? [], allowMultiple: false, htmlAttributes: null);
        select.Attributes.Remove("id");
        select.Attributes.Remove("name");
        foreach (var key in select.Attributes.Keys.Where(k => k.StartsWith("data-val", StringComparison.Ordinal)).ToList())
        {
            select.Attributes.Remove(key);
        }

        return select;
    }

    /// <summary>The model's value as the form sends it back: the action gives the view the input it bound.</summary>
    private string? Text() => For.Model switch
    {
        null => DefaultValue,
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    private static (string Type, string? Value) Day(string? typed) =>
        FrenchDates.ParseDay(typed) is DateOnly day ? ("date", FrenchDates.Iso(day))
        : string.IsNullOrWhiteSpace(typed) ? ("date", null)
        : ("text", typed);

    private static TagBuilder Paragraph(string id, string cssClass, string text)
    {
        var paragraph = new TagBuilder("p");
        paragraph.Attributes["id"] = id;
        paragraph.Attributes["class"] = cssClass;
        paragraph.InnerHtml.Append(text);
        return paragraph;
    }

    private static void Set(TagBuilder tag, string attribute, string? value)
    {
        if (value is not null)
        {
            tag.Attributes[attribute] = value;
        }
    }
}
