using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// Gives a text field bound with <c>asp-for</c> the <c>maxlength</c> of its property's
/// <see cref="StringLengthAttribute"/> or <see cref="MaxLengthAttribute"/>, so that the limit the server
/// checks is written once, on the input model. A <c>maxlength</c> written in the view wins.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
public sealed class MaxLengthTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    private static readonly HashSet<string> TextTypes = new(StringComparer.OrdinalIgnoreCase) { "text", "search", "url", "email", "tel", "password" };

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    // After the framework's input and textarea tag helpers (order -1000), which write name, id and type.
    public override int Order => 0;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        // The site has no client-side validation script: the server's French messages are the validation,
        // so the data-val attributes the framework writes for it would only be noise.
        foreach (var attribute in output.Attributes.Where(a => a.Name.StartsWith("data-val", StringComparison.Ordinal)).ToList())
        {
            output.Attributes.Remove(attribute);
        }

        if (output.TagName == "select"
            || output.Attributes.ContainsName("maxlength")
            || (output.TagName == "input" && !TextTypes.Contains(output.Attributes["type"]?.Value?.ToString() ?? "text")))
        {
            return;
        }

        if (InputLimits.MaxLength(For.Metadata.ContainerType, For.Metadata.PropertyName) is int maxLength)
        {
            output.Attributes.SetAttribute("maxlength", maxLength);
        }
    }
}

/// <summary>The length limits of input models, for fields written without <c>asp-for</c> (the shared field partial, rows of lists).</summary>
public static class InputLimits
{
    public static int? MaxLength<T>(string property) => MaxLength(typeof(T), property);

    public static int? MaxLength(Type? container, string? property)
    {
        var info = property is null ? null : container?.GetProperty(property);
        return info?.GetCustomAttribute<StringLengthAttribute>()?.MaximumLength
            ?? info?.GetCustomAttribute<MaxLengthAttribute>()?.Length;
    }
}
