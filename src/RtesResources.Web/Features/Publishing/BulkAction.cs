using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

public enum BulkOperation
{
    Publish,
    Schedule,
    Unpublish,
    Bin,
    AddCategory,
    RemoveCategory,
    SetSeries,
}

/// <summary>
/// The bulk action form of the back-office list, and its confirmation page. Strings only, read by
/// <see cref="ResourceBulkService"/>: no value can fail binding, and every refusal is a French message.
/// </summary>
public sealed class BulkActionInput
{
    /// <summary>"publier", "programmer", "depublier", "corbeille", "ajouter-thematique", "retirer-thematique", "collection".</summary>
    [ModelBinder(Name = "operation")]
    public string? Operation { get; set; }

    /// <summary>"selection" (the checked rows) or "filtre" (every row the filters match, after a confirmation page).</summary>
    [ModelBinder(Name = "portee")]
    public string? Portee { get; set; }

    [ModelBinder(Name = "ids")]
    public List<string> Ids { get; set; } = [];

    [ModelBinder(Name = "date")]
    public string? Date { get; set; }

    [ModelBinder(Name = "heure")]
    public string? Heure { get; set; }

    /// <summary>The thématique to add or remove (not "thematique": that name is the list's filter).</summary>
    [ModelBinder(Name = "categorie")]
    public string? Categorie { get; set; }

    /// <summary>The collection to set, or "aucune" to take resources out of theirs.</summary>
    [ModelBinder(Name = "collection")]
    public string? Collection { get; set; }

    /// <summary>The count the confirmation page showed: confirming is refused when the filters now match another count.</summary>
    [ModelBinder(Name = "attendu")]
    public string? Attendu { get; set; }
}

/// <summary>A checked bulk action, with the names of the terms it sets, and its French wording.</summary>
public sealed record BulkAction(BulkOperation Operation, DateTime? ScheduledUtc = null, int? CategoryId = null, int? SeriesId = null, string? TermName = null)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly IReadOnlyDictionary<string, BulkOperation> Names = new Dictionary<string, BulkOperation>(StringComparer.Ordinal)
    {
        ["publier"] = BulkOperation.Publish,
        ["programmer"] = BulkOperation.Schedule,
        ["depublier"] = BulkOperation.Unpublish,
        ["corbeille"] = BulkOperation.Bin,
        ["ajouter-thematique"] = BulkOperation.AddCategory,
        ["retirer-thematique"] = BulkOperation.RemoveCategory,
        ["collection"] = BulkOperation.SetSeries,
    };

    /// <summary>The publication change of a publication operation, or null.</summary>
    public PublicationChange? PublicationChange => Operation switch
    {
        BulkOperation.Publish => Publishing.PublicationChange.PublishNow,
        BulkOperation.Schedule => Publishing.PublicationChange.Schedule,
        BulkOperation.Unpublish => Publishing.PublicationChange.Unpublish,
        _ => null,
    };

    /// <summary>"1 ressource", "137 ressources".</summary>
    public static string Resources(int count) => count == 1 ? "1 ressource" : $"{count.ToString("N0", French)} ressources";

    /// <summary>The confirmation page's question: "Publier 137 ressources ?".</summary>
    public string Question(int count) => Operation switch
    {
        BulkOperation.Publish => $"Publier {Resources(count)} ?",
        BulkOperation.Schedule => $"Programmer la publication de {Resources(count)} le {FrenchDates.Moment(ScheduledUtc!.Value)} ?",
        BulkOperation.Unpublish => $"Dépublier {Resources(count)} (repasser en brouillon) ?",
        BulkOperation.Bin => $"Mettre {Resources(count)} à la corbeille ?",
        BulkOperation.AddCategory => $"Ajouter la thématique « {TermName} » à {Resources(count)} ?",
        BulkOperation.RemoveCategory => $"Retirer la thématique « {TermName} » de {Resources(count)} ?",
        _ when SeriesId is null => $"Retirer {Resources(count)} de leur collection ?",
        _ => $"Placer {Resources(count)} dans la collection « {TermName} » ?",
    };

    /// <summary>What is left alone, said before confirming.</summary>
    public string Skipping => Operation switch
    {
        BulkOperation.Publish or BulkOperation.Schedule or BulkOperation.Unpublish =>
            $"Les ressources {PublicationRules.AlreadyDoneLabel(PublicationChange!.Value, plural: true)} et celles de la corbeille restent telles quelles.",
        BulkOperation.Bin => "Les ressources déjà dans la corbeille restent telles quelles.",
        BulkOperation.AddCategory => "Les ressources qui ont déjà cette thématique restent telles quelles.",
        BulkOperation.RemoveCategory => "Les ressources qui n'ont pas cette thématique restent telles quelles.",
        _ when SeriesId is null => "Les ressources qui ne sont dans aucune collection restent telles quelles.",
        _ => "Les ressources déjà dans cette collection restent telles quelles ; les autres y entrent sans numéro.",
    };

    /// <summary>The report after the action: "137 ressources publiées, 3 déjà publiées."</summary>
    public string Report(BulkReport report)
    {
        var (doneOne, doneMany) = Operation switch
        {
            BulkOperation.Publish => ("publiée", "publiées"),
            BulkOperation.Schedule => ($"programmée pour le {FrenchDates.Moment(ScheduledUtc!.Value)}", $"programmées pour le {FrenchDates.Moment(ScheduledUtc!.Value)}"),
            BulkOperation.Unpublish => ("repassée en brouillon", "repassées en brouillon"),
            BulkOperation.Bin => ("mise à la corbeille", "mises à la corbeille"),
            BulkOperation.AddCategory => ($"modifiée (thématique « {TermName} » ajoutée)", $"modifiées (thématique « {TermName} » ajoutée)"),
            BulkOperation.RemoveCategory => ($"modifiée (thématique « {TermName} » retirée)", $"modifiées (thématique « {TermName} » retirée)"),
            _ when SeriesId is null => ("retirée de sa collection", "retirées de leur collection"),
            _ => ($"placée dans la collection « {TermName} »", $"placées dans la collection « {TermName} »"),
        };
        var (alreadyOne, alreadyMany) = Operation switch
        {
            BulkOperation.Publish or BulkOperation.Schedule or BulkOperation.Unpublish =>
                (PublicationRules.AlreadyDoneLabel(PublicationChange!.Value, plural: false), PublicationRules.AlreadyDoneLabel(PublicationChange!.Value, plural: true)),
            BulkOperation.Bin => ("déjà dans la corbeille", "déjà dans la corbeille"),
            BulkOperation.AddCategory => ("l'avait déjà", "l'avaient déjà"),
            BulkOperation.RemoveCategory => ("ne l'avait pas", "ne l'avaient pas"),
            _ when SeriesId is null => ("n'était dans aucune collection", "n'étaient dans aucune collection"),
            _ => ("y était déjà", "y étaient déjà"),
        };

        var parts = new List<string>
        {
            report.Changed == 0 ? $"Aucune ressource {doneOne}" : $"{Resources(report.Changed)} {(report.Changed == 1 ? doneOne : doneMany)}",
        };
        if (report.AlreadyDone > 0)
        {
            parts.Add($"{Count(report.AlreadyDone)} {(report.AlreadyDone == 1 ? alreadyOne : alreadyMany)}");
        }

        if (report.InBin > 0)
        {
            parts.Add($"{Count(report.InBin)} dans la corbeille, {(report.InBin == 1 ? "laissée" : "laissées")} telle{(report.InBin == 1 ? "" : "s")} quelle{(report.InBin == 1 ? "" : "s")}");
        }

        if (report.Missing > 0)
        {
            parts.Add($"{Count(report.Missing)} {(report.Missing == 1 ? "introuvable (supprimée entre-temps)" : "introuvables (supprimées entre-temps)")}");
        }

        return string.Join(", ", parts) + ".";
    }

    private static string Count(int count) => count.ToString("N0", French);
}

public enum BulkOutcome
{
    Applied,
    TooMany,
    Conflict,
    Invalid,
}

/// <summary>What a bulk action did: resources changed, and those left alone, by reason.</summary>
public sealed record BulkReport(BulkOutcome Outcome, int Changed = 0, int AlreadyDone = 0, int InBin = 0, int Missing = 0, string? Error = null);
