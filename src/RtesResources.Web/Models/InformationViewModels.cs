namespace RtesResources.Web.Models;

/// <summary>The site plan: the fixed pages, and the catalogue's entry points that have resources.</summary>
public sealed class SitePlanViewModel
{
    public required IReadOnlyList<FacetOption> Kinds { get; init; }
    public required IReadOnlyList<FacetOption> Categories { get; init; }
    public required IReadOnlyList<FacetOption> Series { get; init; }
    public required bool SignedIn { get; init; }
    public required bool Staff { get; init; }
}

/// <summary>The statement pages (accessibility, legal notice, personal data): the deployment's facts.</summary>
public sealed record InformationPageViewModel(Infrastructure.LegalOptions Legal);
