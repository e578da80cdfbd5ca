using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The name a form field posts, read from the input model: the property's path, whose last part is the
/// <c>[ModelBinder(Name = "...")]</c> of the property when it has one. Query strings and the back-office
/// script keep short French names ("statut", "ids") that the model declares once, next to the property.
/// </summary>
public static class InputNames
{
    public static string FullName(ViewContext viewContext, ModelExpression expression) =>
        viewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(Expression(expression));

    /// <summary>The name relative to the view's template prefix, as the framework's generators take it.</summary>
    public static string Expression(ModelExpression expression) =>
        expression.Metadata.BinderModelName is string bound
            ? expression.Name[..(expression.Name.LastIndexOf('.') + 1)] + bound
            : expression.Name;

    /// <summary>For fields written without <c>asp-for</c> (a checkbox per row of a list).</summary>
    public static string Of<T>(string property) => Names<T>.Of.GetOrAdd(property, static p =>
        typeof(T).GetProperty(p)?.GetCustomAttribute<ModelBinderAttribute>()?.Name ?? p);

    // Read once per property: the catalogue's links ask for these names on every page, for every facet.
    private static class Names<T>
    {
        public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Of = new(StringComparer.Ordinal);
    }
}

/// <summary>Gives an input, select or textarea bound with <c>asp-for</c> the name its property declares with <c>[ModelBinder(Name = ...)]</c>.</summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class BinderNameTagHelper(IHtmlGenerator generator) : TagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = null!;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    // After the framework's tag helpers (order -1000), which write the name from the property's path.
    public override int Order => 0;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (For.Metadata.BinderModelName is null)
        {
            return;
        }

        var name = InputNames.FullName(ViewContext, For);
        output.Attributes.SetAttribute("name", name);
        if (!context.AllAttributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", TagBuilder.CreateSanitizedId(name, generator.IdAttributeDotReplacement));
        }
    }
}
