using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

/// <summary>
/// Bulk actions of the back-office list, on the checked rows or on every row the filters match: one
/// transaction, one revision per resource changed (through <see cref="ResourceEditorService.StageRevision"/>,
/// with the rules of <see cref="PublicationRules"/>), resources already in the target state skipped and
/// counted. The search change rows and the page cache follow from the interceptors of the save.
/// </summary>
public sealed class ResourceBulkService(AppDbContext db, ResourceEditorService editor, TimeProvider clock, ILogger<ResourceBulkService> logger)
{
    /// <summary>Ids one form may post (a page of the list holds 25).</summary>
    public const int MaxSelected = 200;

    /// <summary>Resources one action may change: above, the editor is asked to narrow the filters.</summary>
    public const int MaxResources = 1000;

    private const int ChunkSize = 500;
    private const int Attempts = 3;

    /// <summary>Reads and checks the action's fields against the current terms and clock; the errors are keyed by field id.</summary>
    public async Task<(BulkAction? Action, Dictionary<string, string> Errors)> CheckAsync(BulkActionInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        if (input.Operation is null || !BulkAction.Names.TryGetValue(input.Operation, out var operation))
        {
            errors["operation"] = "Choisissez l'action à appliquer.";
            return (null, errors);
        }

        switch (operation)
        {
            case BulkOperation.Schedule:
                if (!FrenchDates.TryParseParisMoment(input.Date, input.Heure, out var at))
                {
                    errors["date"] = PublicationRules.ScheduleFormatError;
                    return (null, errors);
                }

                if (PublicationRules.ScheduleError(at, clock.UtcNow()) is string scheduleError)
                {
                    errors["date"] = scheduleError;
                    return (null, errors);
                }

                return (new BulkAction(operation, ScheduledUtc: at), errors);
            case BulkOperation.AddCategory or BulkOperation.RemoveCategory:
                if (!TryParseId(input.Categorie, out var categoryId))
                {
                    errors["categorie"] = "Choisissez la thématique à " + (operation == BulkOperation.AddCategory ? "ajouter." : "retirer.");
                    return (null, errors);
                }

                var category = await db.Categories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken);
                if (category is null)
                {
                    errors["categorie"] = "Cette thématique n'existe plus.";
                    return (null, errors);
                }

                return (new BulkAction(operation, CategoryId: categoryId, TermName: category), errors);
            case BulkOperation.SetSeries:
                if (input.Collection == "aucune")
                {
                    return (new BulkAction(operation), errors);
                }

                if (!TryParseId(input.Collection, out var seriesId))
                {
                    errors["collection"] = "Choisissez la collection, ou « Aucune » pour retirer les ressources de la leur.";
                    return (null, errors);
                }

                var series = await db.Series.AsNoTracking().Where(s => s.Id == seriesId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
                if (series is null)
                {
                    errors["collection"] = "Cette collection n'existe plus.";
                    return (null, errors);
                }

                return (new BulkAction(operation, SeriesId: seriesId, TermName: series), errors);
            default:
                return (new BulkAction(operation), errors);
        }
    }

    /// <summary>The checked ids: whole numbers, at most <see cref="MaxSelected"/>; an error message otherwise.</summary>
    public static string? ReadIds(BulkActionInput input, out List<int> ids)
    {
        ids = [];
        if (input.Ids.Count == 0)
        {
            return "Cochez au moins une ressource, ou appliquez l'action à toutes les ressources filtrées.";
        }

        if (input.Ids.Count > MaxSelected)
        {
            return $"Trop de ressources cochées : {MaxSelected} au plus à la fois.";
        }

        var invalid = false;
        foreach (var text in input.Ids)
        {
            if (TryParseId(text, out var id))
            {
                ids.Add(id);
            }
            else
            {
                invalid = true;
            }
        }

        // The valid ids are kept even on a refusal: the list shows them still checked.
        ids = [.. ids.Distinct()];
        return invalid ? "La sélection n'est pas valide : cochez de nouveau les ressources dans la liste." : null;
    }

    /// <summary>How many resources the filters match now (the confirmation page's count).</summary>
    public Task<int> CountAsync(ResourceListQuery filters, CancellationToken cancellationToken = default) =>
        filters.Filter(db.Resources.AsNoTracking(), clock.UtcNow()).CountAsync(cancellationToken);

    public Task<BulkReport> ApplyToSelectionAsync(BulkAction action, IReadOnlyCollection<int> ids, ClaimsPrincipal by, CancellationToken cancellationToken = default) =>
        ApplyAsync(action, _ => Task.FromResult(ids.ToList()), by, cancellationToken);

    /// <summary>Runs the filters again inside the transaction: the action applies to what they match at that moment.</summary>
    public Task<BulkReport> ApplyToFilterAsync(BulkAction action, ResourceListQuery filters, ClaimsPrincipal by, CancellationToken cancellationToken = default) =>
        ApplyAsync(action, ct => filters.Filter(db.Resources.AsNoTracking(), clock.UtcNow()).OrderBy(r => r.Id).Select(r => r.Id).Take(MaxResources + 1).ToListAsync(ct), by, cancellationToken);

    private async Task<BulkReport> ApplyAsync(BulkAction action, Func<CancellationToken, Task<List<int>>> target, ClaimsPrincipal by, CancellationToken cancellationToken)
    {
        // Another editor's save between the read and the write makes the UPDATE of that resource fail
        // its version check: the whole action rolls back and runs again on the state as it is then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // SQL Server's retrying strategy replays the whole unit on a transient failure.
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(ct => ApplyOnceAsync(action, target, by, ct), cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                return new BulkReport(BulkOutcome.Conflict, Error: "Des ressources ont été modifiées pendant l'action : rien n'a été changé. Recommencez.");
            }
            catch (DbUpdateException exception)
            {
                // Whatever the database refused, the transaction is rolled back as a whole.
                logger.BulkActionFailed(exception, action.Operation, db.ChangeTracker.Entries<Resource>().Count());
                db.ChangeTracker.Clear();
                return new BulkReport(BulkOutcome.Invalid, Error: "L'action n'a pas pu être enregistrée : rien n'a été changé. Recommencez, ou signalez le problème s'il se reproduit.");
            }
        }
    }

    private async Task<BulkReport> ApplyOnceAsync(BulkAction action, Func<CancellationToken, Task<List<int>>> target, ClaimsPrincipal by, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ids = await target(cancellationToken);
        if (ids.Count > MaxResources)
        {
            return new BulkReport(BulkOutcome.TooMany, Error: TooManyMessage);
        }

        Category? category = null;
        if (action.CategoryId is int categoryId)
        {
            category = await db.Categories.SingleOrDefaultAsync(c => c.Id == categoryId, cancellationToken);
            if (category is null)
            {
                return new BulkReport(BulkOutcome.Invalid, Error: "Cette thématique n'existe plus : rien n'a été changé.");
            }
        }

        if (action.SeriesId is int seriesId && !await db.Series.AnyAsync(s => s.Id == seriesId, cancellationToken))
        {
            return new BulkReport(BulkOutcome.Invalid, Error: "Cette collection n'existe plus : rien n'a été changé.");
        }

        var resources = new List<Resource>(ids.Count);
        var withHistory = new HashSet<int>();
        foreach (var chunk in ids.Chunk(ChunkSize))
        {
            resources.AddRange(await editor.TrackedWithLists().Where(r => chunk.Contains(r.Id)).ToListAsync(cancellationToken));
            withHistory.UnionWith(await db.ResourceRevisions.Where(r => chunk.Contains(r.ResourceId)).Select(r => r.ResourceId).Distinct().ToListAsync(cancellationToken));
        }

        var now = clock.UtcNow();
        if (action.ScheduledUtc is DateTime at && PublicationRules.ScheduleError(at, now) is string scheduleError)
        {
            // Checked when the form was read; the moment may have passed on the confirmation page since.
            return new BulkReport(BulkOutcome.Invalid, Error: scheduleError + " Rien n'a été changé.");
        }

        int changed = 0, alreadyDone = 0, inBin = 0;
        foreach (var resource in resources.OrderBy(r => r.Id))
        {
            var before = ResourceSnapshot.Of(resource);
            var version = resource.Version;
            var labels = Apply(resource, action, category, now, before);
            switch (labels)
            {
                case null:
                    inBin++;
                    break;
                case []:
                    alreadyDone++;
                    break;
                default:
                    editor.StageRevision(resource, ResourceSnapshot.Of(resource), ["Action groupée", .. labels], by, version, withHistory.Contains(resource.Id), before);
                    changed++;
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BulkReport(BulkOutcome.Applied, changed, alreadyDone, inBin, ids.Count - resources.Count);
    }

    public static string TooManyMessage =>
        $"Plus de {BulkAction.Resources(MaxResources)} sont concernées : affinez les filtres pour agir sur {MaxResources.ToString("N0", CultureInfo.GetCultureInfo("fr-FR"))} au plus à la fois.";

    /// <summary>
    /// Applies the action to one tracked resource. Returns the revision's labels; none when the resource
    /// is already in the target state; null when it is in the bin and the action is a publication change.
    /// </summary>
    private static List<string>? Apply(Resource resource, BulkAction action, Category? category, DateTime now, ResourceSnapshot before)
    {
        if (action.PublicationChange is PublicationChange change)
        {
            return PublicationRules.Apply(resource, change, action.ScheduledUtc, now) switch
            {
                StateChange.RefusedInBin => null,
                StateChange.AlreadyDone => [],
                _ => [PublicationRules.RevisionLabel(change)],
            };
        }

        switch (action.Operation)
        {
            case BulkOperation.Bin:
                return resource.MoveToBin(now) == StateChange.Changed ? [PublicationRules.BinRevisionLabel(toBin: true)] : [];
            case BulkOperation.AddCategory when resource.Categories.All(c => c.Id != category!.Id):
                resource.Categories.Add(category!);
                break;
            case BulkOperation.RemoveCategory when resource.Categories.FirstOrDefault(c => c.Id == category!.Id) is { } present:
                resource.Categories.Remove(present);
                break;
            case BulkOperation.SetSeries when resource.SeriesId != action.SeriesId:
                // A number belongs to the collection it was given in.
                resource.SeriesId = action.SeriesId;
                resource.SeriesNumber = null;
                break;
            default:
                return [];
        }

        return [.. ResourceSnapshot.ChangedFields(before, ResourceSnapshot.Of(resource))];
    }

    /// <summary>The filters in words, for the confirmation page.</summary>
    public async Task<IReadOnlyList<string>> DescribeAsync(ResourceListQuery filters, CancellationToken cancellationToken)
    {
        var lines = new List<string>
        {
            "Statut : " + filters.Statut switch
            {
                "brouillon" => "brouillons",
                "programmee" => "programmées",
                "publiee" => "publiées",
                "corbeille" => "dans la corbeille",
                _ => "toutes hors corbeille",
            },
        };
        if (!string.IsNullOrWhiteSpace(filters.Q))
        {
            lines.Add($"Recherche : « {(filters.Q.Length > 200 ? filters.Q[..200] : filters.Q).Trim()} »");
        }

        if (filters.Type is int kindId)
        {
            lines.Add("Type : " + (await db.ResourceKinds.AsNoTracking().Where(k => k.Id == kindId).Select(k => k.Name).SingleOrDefaultAsync(cancellationToken) ?? "inconnu (aucune ressource)"));
        }

        if (filters.Thematique is int categoryId)
        {
            lines.Add("Thématique : " + (await db.Categories.AsNoTracking().Where(c => c.Id == categoryId).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken) ?? "inconnue (aucune ressource)"));
        }

        switch (filters.Acces)
        {
            case "public":
                lines.Add("Accès : publique");
                break;
            case "adherents":
                lines.Add("Accès : réservée aux adhérents");
                break;
        }

        switch (filters.Manque)
        {
            case "resume":
                lines.Add("À compléter : sans résumé");
                break;
            case "thematique":
                lines.Add("À compléter : sans thématique");
                break;
            case "fichier":
                lines.Add("À compléter : réservées sans fichier");
                break;
        }

        return lines;
    }

    private static bool TryParseId(string? text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;
}
