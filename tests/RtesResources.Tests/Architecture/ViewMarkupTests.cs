using System.Text.RegularExpressions;

namespace RtesResources.Tests.Architecture;

/// <summary>
/// Form fields and links come from tag helpers (asp-for, asp-action, asp-route-*, the field tag helper),
/// so that renaming a property, an action or a route changes the page or fails the build instead of
/// silently breaking a form. Read from the view sources: a hand-written field name or a literal path in
/// a form's action, or a link to one of our pages, is refused outside the allowlist below.
/// </summary>
public partial class ViewMarkupTests
{
    /// <summary>Hand-written names that stay, each with its reason; matched as "file: name".</summary>
    private static readonly HashSet<string> AllowedNames =
    [
        // The list's filters carried as hidden fields: names from ResourceListQuery.HiddenFields(), which reads the binder names.
        "Areas/Admin/Views/Resources/Index.cshtml: @name",
        "Areas/Admin/Views/Resources/BulkConfirm.cshtml: @name",
    ];

    /// <summary>Names computed from the input model rather than typed: a field per row, a hidden copy of a field.</summary>
    private static readonly string[] GeneratedNames = ["@(InputNames.Of<", "@Html.NameFor("];

    [Fact]
    public void ViewsWriteNoFieldNameByHand()
    {
        var found = Views()
            .SelectMany(view => FieldName().Matches(view.Text).Select(m => $"{view.Path}: {m.Groups["name"].Value}"))
            .Where(hit => !AllowedNames.Contains(hit) && !GeneratedNames.Any(generated => hit.Contains(": " + generated, StringComparison.Ordinal)))
            .ToList();

        Assert.True(found.Count == 0, "Hand-written name= on an input, select or textarea (use asp-for or <field>):\n" + string.Join("\n", found));
    }

    [Fact]
    public void EveryAllowedNameIsStillInItsView()
    {
        // A converted field leaves the allowlist, so that it cannot come back unnoticed.
        var present = Views()
            .SelectMany(view => FieldName().Matches(view.Text).Select(m => $"{view.Path}: {m.Groups["name"].Value}"))
            .ToHashSet();

        var stale = AllowedNames.Where(allowed => !present.Contains(allowed)).ToList();
        Assert.True(stale.Count == 0, "Allowed but no longer in its view (take it off the allowlist):\n" + string.Join("\n", stale));
    }

    [Fact]
    public void ViewsWriteNoPathOfOurOwnInAFormOrALink()
    {
        var found = Views()
            .SelectMany(view => LiteralPath().Matches(view.Text).Select(m => $"{view.Path}: {m.Value}"))
            .ToList();

        Assert.True(found.Count == 0, "Literal path in action=, formaction= or href= (use asp-action, asp-controller, asp-route-*):\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheChecksSeeWhatTheyRefuse()
    {
        // Guards the tests above against passing because their patterns match nothing.
        Assert.Matches(FieldName(), """<input id="q" name="q" type="search">""");
        Assert.Matches(FieldName(), "<select\n    name=\"Kind\">");
        Assert.Matches(FieldName(), """<textarea rows="5" name="Body"></textarea>""");
        Assert.DoesNotMatch(FieldName(), """<input asp-for="Email">""");
        Assert.DoesNotMatch(FieldName(), """<button type="submit" name="mode" value="publier">""");
        Assert.Equal("@(InputNames.Of<BulkActionInput>(nameof(BulkActionInput.Ids)))", FieldName().Match("""<input type="checkbox" name="@(InputNames.Of<BulkActionInput>(nameof(BulkActionInput.Ids)))" value="1">""").Groups["name"].Value);
        Assert.Matches(LiteralPath(), """<form method="post" action="/compte/connexion">""");
        Assert.Matches(LiteralPath(), """<a href="/admin/comptes/@id/effacer">""");
        Assert.Matches(LiteralPath(), """<button formaction="/admin/ressources/lot">""");
        Assert.DoesNotMatch(LiteralPath(), """<a href="https://www.rtes.fr/">""");
        Assert.DoesNotMatch(LiteralPath(), """<a href="#contenu">""");
        Assert.True(Views().Count() > 40, "The views were not found.");
    }

    private static readonly string[] ViewFolders = ["Views", "Areas"];

    private static IEnumerable<(string Path, string Text)> Views()
    {
        var web = Path.Combine(RepositoryRoot(), "src", "RtesResources.Web");
        return ViewFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(web, folder), "*.cshtml", SearchOption.AllDirectories))
            .Select(file => (Path.GetRelativePath(web, file).Replace('\\', '/'), File.ReadAllText(file)));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "src", "RtesResources.Web")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("src/RtesResources.Web not found above " + AppContext.BaseDirectory);
    }

    // A name attribute inside an input, select or textarea start tag (attributes may span lines).
    [GeneratedRegex(@"<(?:input|select|textarea)\b[^>]*?\sname=""(?<name>[^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex FieldName();

    // A site-relative path (one slash, not a protocol-relative //host) in action, formaction or href,
    // except the favicon's <link>, which is a static file rather than a route.
    [GeneratedRegex(@"(?<!<link[^>]*)\s(?:action|formaction|href)=""/(?!/)[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPath();
}
