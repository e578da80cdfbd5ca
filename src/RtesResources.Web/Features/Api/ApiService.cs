using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Search;

namespace RtesResources.Web.Features.Api;

/// <summary>A refusal of the API, said in French (it becomes application/problem+json).</summary>
public sealed record ApiProblem(int Status, string Title, string Detail);

/// <summary>What the API answers: a value, a refusal, or (an old slug) the address to go to.</summary>
public sealed record ApiAnswer<T>(T? Value, ApiProblem? Problem = null, string? MovedTo = null)
    where T : class;

/// <summary>
/// The read API over the catalogue's own services: the listing is <see cref="CatalogueService"/> with
/// the same <see cref="CatalogueFilter"/>, a resource is <see cref="ResourcePageService"/>'s page, so
/// that the API never shows more than the HTML page would to the same caller. Unlike the pages, which
/// drop a value they do not understand and say so, the API refuses it: a program should know.
/// </summary>
public sealed class ApiService(AppDbContext db, TimeProvider clock, CatalogueService catalogue, CatalogueTerms terms, ResourcePageService pages)
{
    public const string Prefix = "/api/v1";

    public async Task<ApiAnswer<ApiResourcePage>> ListAsync(CatalogueQuery query, bool canReadPrivate, string baseUrl, CancellationToken cancellationToken)
    {
        if (Refuse(query) is ApiProblem refused)
        {
            return new(null, refused);
        }

        var requested = CatalogueFilter.Parse(query);
        var model = await catalogue.SearchAsync(requested, canReadPrivate, cancellationToken);
        if (Unknown(requested, model.Filter) is ApiProblem unknown)
        {
            return new(null, unknown);
        }

        if (requested.Page > model.TotalPages)
        {
            return new(null, BadRequest($"La page {requested.Page} n'existe pas : cette liste compte {model.TotalPages} page(s)."));
        }

        var licences = await db.Resources.LicencesAsync([.. model.Items.Select(i => i.Id)], cancellationToken);
        var filter = model.Filter;
        string Api(int page) => baseUrl + Prefix + filter.ToUrl(page);
        var items = model.Items.Select(i => new ApiResourceSummary(
            i.Slug,
            i.Title,
            i.KindName,
            i.PublishedOn,
            i.EventDate,
            i.IsPrivate,
            i.Excerpt,
            ResourceUrl(baseUrl, i.Slug),
            ApiResourceUrl(baseUrl, i.Slug),
            licences.TryGetValue(i.Id, out var licence) ? ToApi(licence) : null)).ToList();

        return new(new ApiResourcePage(
            items,
            model.Page,
            CatalogueFilter.PageSize,
            model.TotalCount,
            model.TotalPages,
            (model.SortedBy ?? SearchSort.Date) == SearchSort.Relevance ? CatalogueFilter.SortRelevance : CatalogueFilter.SortDate,
            new ApiPageLinks(
                Api(model.Page),
                Api(1),
                Api(model.TotalPages),
                model.Page > 1 ? Api(model.Page - 1) : null,
                model.Page < model.TotalPages ? Api(model.Page + 1) : null,
                baseUrl + filter.ToUrl(model.Page),
                baseUrl + filter.ToFeedUrl())));
    }

    public async Task<ApiAnswer<ApiResource>> GetAsync(string slug, bool canReadPrivate, string baseUrl, CancellationToken cancellationToken)
    {
        // Never staff previews: the API shows published resources only, whoever asks.
        var page = await pages.GetAsync(slug, canReadPrivate, includeUnpublished: false, cancellationToken);
        if (page is null)
        {
            var current = await pages.FindCurrentSlugAsync(slug, includeUnpublished: false, cancellationToken);
            return current is null
                ? new(null, new ApiProblem(StatusCodes.Status404NotFound, "Ressource introuvable", "Aucune ressource publiée n'a cette adresse."))
                : new(null, MovedTo: ApiResourceUrl(baseUrl, current));
        }

        return new(new ApiResource
        {
            Slug = page.Slug,
            Title = page.Title,
            Kind = new ApiTermRef(page.KindSlug, page.KindName),
            SourceType = page.SourceType,
            IsPrivate = page.IsPrivate,
            FullContent = page.CanReadFullContent,
            PublishedOn = page.PublishedOn,
            EventDate = page.EventDate,
            UpdatedAt = DateTime.SpecifyKind(page.UpdatedAt, DateTimeKind.Utc),
            SummaryHtml = page.SummaryHtml,
            Excerpt = page.Excerpt,
            BodyHtml = page.CanReadFullContent ? page.BodyHtml : null,
            Licence = ToApi(page.Licence),
            Categories = [.. page.Categories.Select(c => new ApiTermRef(c.Slug, c.Name))],
            Series = page.SeriesSlug is null ? null : new ApiSeriesRef(page.SeriesSlug, page.SeriesName!, page.SeriesNumber),
            Speakers = [.. page.Speakers.Select(s => new ApiSpeakerRef(s.Slug, s.Name, s.Role, s.Organisation))],
            Links = page.CanReadFullContent ? [.. page.Links.Select(l => new ApiLink(l.Kind, l.Label, l.Url, l.TranscriptHtml, l.CaptionsUrl is null ? null : baseUrl + l.CaptionsUrl))] : null,
            Files = page.CanReadFullContent ? [.. page.Attachments.Select(a => new ApiFile(a.Label, a.FileName, a.ContentType, a.Length, baseUrl + a.Url))] : null,
            FileCount = page.AttachmentCount,
            Url = ResourceUrl(baseUrl, page.Slug),
            ApiUrl = ApiResourceUrl(baseUrl, page.Slug),
        });
    }

    // Counts come from the catalogue's own facets (the index): the same numbers as its pages, in one pass.
    public async Task<IReadOnlyList<ApiTerm>> KindsAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var counts = (await catalogue.TermCountsAsync(cancellationToken)).KindCounts;
        return [.. (await terms.GetAsync(cancellationToken)).Kinds.Select(k => Term(baseUrl, k.Slug, k.Name, new CatalogueFilter { Kind = k.Slug }, counts.GetValueOrDefault(k.Id)))];
    }

    public async Task<IReadOnlyList<ApiTerm>> CategoriesAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var counts = (await catalogue.TermCountsAsync(cancellationToken)).CategoryCounts;
        return [.. (await terms.GetAsync(cancellationToken)).Categories
            .OrderBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase))
            .Select(c => Term(baseUrl, c.Slug, c.Name, new CatalogueFilter { Category = c.Slug }, counts.GetValueOrDefault(c.Id)))];
    }

    public async Task<IReadOnlyList<ApiTerm>> SeriesAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var counts = (await catalogue.TermCountsAsync(cancellationToken)).SeriesCounts;
        return [.. (await terms.GetAsync(cancellationToken)).Series.Select(s => Term(baseUrl, s.Slug, s.Name, new CatalogueFilter { Series = s.Slug }, counts.GetValueOrDefault(s.Id)) with { Description = s.Description })];
    }

    /// <summary>Speakers of at least one published resource: a draft's speakers are not announced before it is.</summary>
    public async Task<IReadOnlyList<ApiSpeaker>> SpeakersAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var published = db.Resources.PubliclyVisible(now);
        var speakers = await db.Speakers.AsNoTracking()
            .Where(s => db.ResourceSpeakers.Any(rs => rs.SpeakerId == s.Id && published.Any(r => r.Id == rs.ResourceId)))
            .OrderBy(s => s.Name)
            // The count in the same query (a correlated subquery), as the speaker filter of the catalogue counts.
            .Select(s => new { s.Slug, s.Name, s.Role, s.Organisation, Count = db.ResourceSpeakers.Count(rs => rs.SpeakerId == s.Id && published.Any(r => r.Id == rs.ResourceId)) })
            .ToListAsync(cancellationToken);
        return [.. speakers.Select(s => new ApiSpeaker(s.Slug, s.Name, s.Role, s.Organisation, ApiListUrl(baseUrl, new CatalogueFilter { Speaker = s.Slug }), s.Count))];
    }

    public static ApiLicence ToApi(Licence licence) => new(licence.Code, licence.Label, licence.Url, licence.SpdxId);

    private static ApiTerm Term(string baseUrl, string slug, string name, CatalogueFilter filter, int count) =>
        new(slug, name, baseUrl + filter.ToUrl(), ApiListUrl(baseUrl, filter), count);

    private static string ApiListUrl(string baseUrl, CatalogueFilter filter) => baseUrl + Prefix + filter.ToUrl();

    private static string ResourceUrl(string baseUrl, string slug) => baseUrl + ResourceUrls.Page(slug);

    private static string ApiResourceUrl(string baseUrl, string slug) => baseUrl + Prefix + ResourceUrls.Page(slug);

    private static ApiProblem BadRequest(string detail) => new(StatusCodes.Status400BadRequest, "Requête invalide", detail);

    /// <summary>What CatalogueFilter.Parse would silently drop, refused with its reason.</summary>
    private static ApiProblem? Refuse(CatalogueQuery query)
    {
        if (query.Page is string page && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > IndexCatalogue.MaxPage))
        {
            return BadRequest($"Le paramètre « page » est un nombre entier de 1 à {IndexCatalogue.MaxPage}.");
        }

        if (query.Q is { Length: > CatalogueFilter.MaxQueryLength })
        {
            return BadRequest($"La recherche « q » compte {CatalogueFilter.MaxQueryLength} caractères au plus.");
        }

        if (!string.IsNullOrWhiteSpace(query.Annee) && !(int.TryParse(query.Annee, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1900 and <= 2200))
        {
            return BadRequest("Le paramètre « annee » est une année de 1900 à 2200.");
        }

        if (!string.IsNullOrWhiteSpace(query.Acces) && query.Acces.Trim().ToLowerInvariant() is not (CatalogueFilter.AccessPublic or CatalogueFilter.AccessMembers))
        {
            return BadRequest($"Le paramètre « acces » vaut « {CatalogueFilter.AccessPublic} » ou « {CatalogueFilter.AccessMembers} ».");
        }

        if (!string.IsNullOrWhiteSpace(query.Tri) && query.Tri.Trim().ToLowerInvariant() is not (CatalogueFilter.SortDate or CatalogueFilter.SortRelevance))
        {
            return BadRequest($"Le paramètre « tri » vaut « {CatalogueFilter.SortRelevance} » ou « {CatalogueFilter.SortDate} ».");
        }

        return null;
    }

    /// <summary>A term the catalogue did not find (it dropped the filter): the API says which.</summary>
    private static ApiProblem? Unknown(CatalogueFilter requested, CatalogueFilter applied)
    {
        (string? Asked, string? Kept, string Name)[] checks =
        [
            (requested.Kind, applied.Kind, "type"),
            (requested.Category, applied.Category, "thematique"),
            (requested.Speaker, applied.Speaker, "intervenant"),
            (requested.Series, applied.Series, "serie"),
        ];
        foreach (var (asked, kept, name) in checks)
        {
            if (asked is not null && kept is null)
            {
                return BadRequest($"La valeur du paramètre « {name} » n'existe pas ; les valeurs possibles sont dans {Prefix}/{ListOf(name)}.");
            }
        }

        return null;
    }

    private static string ListOf(string parameter) => parameter switch
    {
        "type" => "types",
        "thematique" => "thematiques",
        "intervenant" => "intervenants",
        _ => "collections",
    };
}
