using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Publishing;

/// <summary>The back-office list's query string (French names, read leniently: unknown values are ignored). The names are the binder's, so that the filter form's fields are generated with them.</summary>
public sealed record ResourceListQuery
{
    [ModelBinder(Name = "q")]
    public string? Q { get; init; }

    [ModelBinder(Name = "statut")]
    public string? Statut { get; init; }

    [ModelBinder(Name = "type")]
    public int? Type { get; init; }

    [ModelBinder(Name = "thematique")]
    public int? Thematique { get; init; }

    [ModelBinder(Name = "acces")]
    public string? Acces { get; init; }

    [ModelBinder(Name = "manque")]
    public string? Manque { get; init; }

    [ModelBinder(Name = "tri")]
    public string? Tri { get; init; }

    [ModelBinder(Name = "page")]
    public string? Page { get; init; }

    /// <summary>"page": every row of the page is shown checked (the "select all" that works without script).</summary>
    [ModelBinder(Name = "cocher")]
    public string? Cocher { get; init; }

    public int PageNumber
    {
        get => int.TryParse(Page, out var n) && n > 0 ? n : 1;
        init => Page = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    // The search reads 200 characters at most (the box's maxlength): a longer value is not carried on.
    private static string? Short(string? value) => value is { Length: > 200 } ? value[..200] : value;

    /// <summary>The list's filters as route values, at a page (the first by default): links to the list come from its route.</summary>
    public Microsoft.AspNetCore.Routing.RouteValueDictionary RouteValues(int page = 1, bool checkAll = false)
    {
        var values = new Microsoft.AspNetCore.Routing.RouteValueDictionary();
        foreach (var (key, value) in Values(page).Append(new(Name(nameof(Cocher)), checkAll ? "page" : null)))
        {
            if (!string.IsNullOrEmpty(value))
            {
                values[key] = value;
            }
        }

        return values;
    }

    /// <summary>The filters as hidden fields of the bulk action forms, so that an action can go back to (or run) the same list.</summary>
    public IEnumerable<KeyValuePair<string, string>> HiddenFields() =>
        Values(PageNumber).Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => new KeyValuePair<string, string>(v.Key, v.Value!));

    // The query-string name the binder reads, declared once on the property.
    private static string Name(string property) => Infrastructure.InputNames.Of<ResourceListQuery>(property);

    /// <summary>Each filter's query-string value (null when unset), the same for links and forms.</summary>
    private IEnumerable<KeyValuePair<string, string?>> Values(int page) =>
    [
        new(Name(nameof(Q)), Short(Q)),
        new(Name(nameof(Statut)), Short(Statut)),
        new(Name(nameof(Type)), Type?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(Name(nameof(Thematique)), Thematique?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new(Name(nameof(Acces)), Short(Acces)),
        new(Name(nameof(Manque)), Short(Manque)),
        new(Name(nameof(Tri)), Short(Tri)),
        new(Name(nameof(Page)), page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
    ];

    /// <summary>
    /// The search's first 200 characters without what Unicode normalization refuses (U+FFFE, U+FFFF,
    /// a surrogate without its pair, as cutting can leave): typed by no one, but a form can carry them.
    /// The rest still filters, so that an action on "every row the filters match" never widens.
    /// </summary>
    internal static string Searchable(string q)
    {
        var text = q.Length > 200 ? q[..200] : q;
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                kept.Append(text, i, 2);
                i++;
            }
            else if (!char.IsSurrogate(text[i]) && text[i] is not ('\uFFFE' or '\uFFFF'))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }

    /// <summary>The resources these filters match (the list, and the bulk actions on "every row the filters match").</summary>
    public IQueryable<Resource> Filter(IQueryable<Resource> resources, DateTime now)
    {
        resources = Statut switch
        {
            "brouillon" => resources.Where(r => r.DeletedAt == null && r.PublishAt == null),
            "programmee" => resources.Where(r => r.DeletedAt == null && r.PublishAt > now),
            "publiee" => resources.Where(r => r.DeletedAt == null && r.PublishAt <= now),
            "corbeille" => resources.Where(r => r.DeletedAt != null),
            _ => resources.Where(r => r.DeletedAt == null),
        };

        if (!string.IsNullOrWhiteSpace(Q))
        {
            foreach (var term in SearchText.Normalize(Searchable(Q)).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(8))
            {
                resources = resources.Where(r => r.SearchText.Contains(term) || r.Slug.Contains(term));
            }
        }

        if (Type is int kindId)
        {
            resources = resources.Where(r => r.KindId == kindId);
        }

        if (Thematique is int categoryId)
        {
            resources = resources.Where(r => r.Categories.Any(c => c.Id == categoryId));
        }

        resources = Acces switch
        {
            "public" => resources.Where(r => !r.IsPrivate),
            "adherents" => resources.Where(r => r.IsPrivate),
            _ => resources,
        };

        return Manque switch
        {
            "resume" => resources.Where(r => r.SummaryMarkdown == ""),
            "thematique" => resources.Where(r => !r.Categories.Any()),
            "fichier" => resources.Where(r => r.IsPrivate && !r.Attachments.Any(a => a.DeletedAt == null)),
            _ => resources,
        };
    }
}
