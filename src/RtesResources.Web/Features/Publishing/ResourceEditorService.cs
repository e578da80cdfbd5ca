using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Files;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Publishing;

public enum PublicationChange
{
    PublishNow,
    Schedule,
    Unpublish,
}

public enum SaveOutcome
{
    Saved,
    Unchanged,
    Invalid,
    Conflict,
    NotFound,
}

/// <summary>
/// The result of a save. On a conflict, <see cref="ChangedMeanwhile"/> lists what another editor
/// changed since the form was opened and <see cref="Current"/> holds their version, so that the form
/// can keep the editor's own text and show the other one for merging.
/// </summary>
public sealed record SaveResult(
    SaveOutcome Outcome,
    int? ResourceId = null,
    IReadOnlyDictionary<string, string>? Errors = null,
    IReadOnlyList<string>? ChangedMeanwhile = null,
    ResourceSnapshot? Current = null,
    int? CurrentVersion = null,
    string? CurrentEditor = null);

/// <summary>Creating, editing, publishing and binning resources, with a revision for every save.</summary>
public sealed class ResourceEditorService(AppDbContext db, TimeProvider clock, IFileStore files)
{
    /// <summary>Captions files of links removed or pointed elsewhere by the save under way: deleted once it is saved.</summary>
    private readonly List<string> _droppedCaptions = [];

    public async Task<ResourceInput?> LoadAsync(int id, CancellationToken cancellationToken = default)
    {
        var resource = await LoadTrackedAsync(id, cancellationToken);
        return resource is null ? null : ResourceSnapshot.Of(resource).ToInput(resource.Version);
    }

    public async Task<SaveResult> CreateAsync(ResourceInput input, ClaimsPrincipal editor, string? reason = null, string? externalId = null, CancellationToken cancellationToken = default)
    {
        var errors = await ValidateAsync(input, null, cancellationToken);
        if (errors.Count > 0)
        {
            return new SaveResult(SaveOutcome.Invalid, Errors: errors);
        }

        var resource = new Resource { Slug = await SlugForAsync(input, null, cancellationToken), Title = input.Title!.Trim() };
        await ApplyAsync(resource, input, cancellationToken);
        resource.ExternalId = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        db.Resources.Add(resource);
        if (db.Database.CurrentTransaction is not null)
        {
            // An import runs every row in one transaction of its own (within its execution strategy): join it rather than nest.
            await SaveWithFirstRevisionAsync(resource, editor, reason, cancellationToken);
            return new SaveResult(SaveOutcome.Saved, resource.Id);
        }

        // SQL Server's retrying strategy refuses a transaction it does not run: the resource and its
        // first revision are one unit it can replay.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await SaveWithFirstRevisionAsync(resource, editor, reason, ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        return new SaveResult(SaveOutcome.Saved, resource.Id);
    }

    /// <summary>The resource first (its id and version), then its first revision.</summary>
    private async Task SaveWithFirstRevisionAsync(Resource resource, ClaimsPrincipal editor, string? reason, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        AddRevision(resource, ResourceSnapshot.Of(resource), [reason ?? "Création"], editor, resource.Version);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<SaveResult> UpdateAsync(int id, ResourceInput input, ClaimsPrincipal editor, string? reason = null, CancellationToken cancellationToken = default)
    {
        var resource = await LoadTrackedAsync(id, cancellationToken);
        if (resource is null)
        {
            return new SaveResult(SaveOutcome.NotFound);
        }

        if (resource.Version != input.Version)
        {
            return await ConflictAsync(resource, input.Version, cancellationToken);
        }

        var errors = await ValidateAsync(input, resource.Id, cancellationToken);
        if (errors.Count > 0)
        {
            return new SaveResult(SaveOutcome.Invalid, resource.Id, errors);
        }

        var before = ResourceSnapshot.Of(resource);
        var oldSlug = resource.Slug;
        resource.Slug = await SlugForAsync(input, resource, cancellationToken);
        resource.Title = input.Title!.Trim();
        await ApplyAsync(resource, input, cancellationToken);
        var after = ResourceSnapshot.Of(resource);
        var changed = ResourceSnapshot.ChangedFields(before, after);
        if (changed.Count == 0)
        {
            return new SaveResult(SaveOutcome.Unchanged, resource.Id);
        }

        if (oldSlug != resource.Slug)
        {
            await MoveSlugAsync(resource, oldSlug, cancellationToken);
        }

        return await SaveWithRevisionAsync(resource, after, reason is null ? changed : [reason, .. changed], editor, input.Version, cancellationToken, before);
    }

    /// <summary>Publishes now (keeping an earlier publication moment), schedules for later, or takes back to draft.</summary>
    public async Task<SaveResult> SetPublicationAsync(int id, PublicationChange change, DateTime? scheduledUtc, int version, ClaimsPrincipal editor, CancellationToken cancellationToken = default)
    {
        var resource = await LoadTrackedAsync(id, cancellationToken);
        if (resource is null || resource.IsInBin)
        {
            return new SaveResult(SaveOutcome.NotFound);
        }

        if (resource.Version != version)
        {
            return await ConflictAsync(resource, version, cancellationToken);
        }

        var now = clock.UtcNow();
        if (change == PublicationChange.Schedule && PublicationRules.ScheduleError(scheduledUtc, now) is string error)
        {
            return new SaveResult(SaveOutcome.Invalid, id, new Dictionary<string, string> { ["PublishAt"] = error });
        }

        if (PublicationRules.Apply(resource, change, scheduledUtc, now) != StateChange.Changed)
        {
            return new SaveResult(SaveOutcome.Unchanged, id);
        }

        return await SaveWithRevisionAsync(resource, ResourceSnapshot.Of(resource), [PublicationRules.RevisionLabel(change)], editor, version, cancellationToken);
    }

    public async Task<SaveResult> MoveToBinAsync(int id, ClaimsPrincipal editor, CancellationToken cancellationToken = default) =>
        await SetBinAsync(id, inBin: true, editor, cancellationToken);

    public async Task<SaveResult> RestoreFromBinAsync(int id, ClaimsPrincipal editor, CancellationToken cancellationToken = default) =>
        await SetBinAsync(id, inBin: false, editor, cancellationToken);

    /// <summary>Deletes for good a resource that is in the bin, with its files. Admins only (checked by the caller's policy).</summary>
    public async Task<bool> PurgeAsync(int id, CancellationToken cancellationToken = default)
    {
        var resource = await db.Resources.Include(r => r.Attachments).Include(r => r.Links).AsSplitQuery().SingleOrDefaultAsync(r => r.Id == id && r.DeletedAt != null, cancellationToken);
        if (resource is null)
        {
            return false;
        }

        var keys = resource.Attachments.Select(a => a.StorageKey).ToList();
        var captions = resource.Links.Where(l => l.CaptionsStorageKey is not null).Select(l => l.CaptionsStorageKey!).ToList();
        db.Resources.Remove(resource);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var key in keys.Where(k => !db.Attachments.Any(a => a.StorageKey == k)).Concat(captions))
        {
            await files.DeleteAsync(key, cancellationToken);
        }

        return true;
    }

    /// <summary>Restores the content of a past version as a new save (the history keeps everything).</summary>
    public async Task<SaveResult> RestoreRevisionAsync(int id, int number, int version, ClaimsPrincipal editor, CancellationToken cancellationToken = default)
    {
        var json = await db.ResourceRevisions.Where(r => r.ResourceId == id && r.Number == number).Select(r => r.SnapshotJson).SingleOrDefaultAsync(cancellationToken);
        if (json is null)
        {
            return new SaveResult(SaveOutcome.NotFound);
        }

        var input = ResourceSnapshot.FromJson(json).ToInput(version);
        return await UpdateAsync(id, input, editor, $"Restauration de la version {number}", cancellationToken);
    }

    private async Task<SaveResult> SetBinAsync(int id, bool inBin, ClaimsPrincipal editor, CancellationToken cancellationToken)
    {
        var resource = await LoadTrackedAsync(id, cancellationToken);
        if (resource is null || (inBin ? resource.MoveToBin(clock.UtcNow()) : resource.RestoreFromBin()) != StateChange.Changed)
        {
            return new SaveResult(SaveOutcome.NotFound);
        }

        return await SaveWithRevisionAsync(resource, ResourceSnapshot.Of(resource), [PublicationRules.BinRevisionLabel(inBin)], editor, resource.Version, cancellationToken);
    }

    private async Task<SaveResult> SaveWithRevisionAsync(Resource resource, ResourceSnapshot snapshot, IReadOnlyList<string> changed, ClaimsPrincipal editor, int expectedVersion, CancellationToken cancellationToken, ResourceSnapshot? before = null)
    {
        var hasHistory = await db.ResourceRevisions.AnyAsync(r => r.ResourceId == resource.Id, cancellationToken);
        StageRevision(resource, snapshot, changed, editor, expectedVersion, hasHistory, before);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            KeepDroppedCaptions();
            db.ChangeTracker.Clear();
            var fresh = await LoadTrackedAsync(resource.Id, cancellationToken);
            return fresh is null ? new SaveResult(SaveOutcome.NotFound) : await ConflictAsync(fresh, expectedVersion, cancellationToken);
        }

        await DeleteDroppedCaptionsAsync(cancellationToken);
        return new SaveResult(SaveOutcome.Saved, resource.Id);
    }

    /// <summary>
    /// Deletes the captions files of the links that the saves staged since the last call removed or
    /// pointed elsewhere. Only once those saves are committed: the import calls it after its transaction.
    /// </summary>
    internal async Task DeleteDroppedCaptionsAsync(CancellationToken cancellationToken)
    {
        var keys = _droppedCaptions.ToList();
        _droppedCaptions.Clear();
        foreach (var key in keys)
        {
            await files.DeleteAsync(key, cancellationToken);
        }
    }

    /// <summary>Staged saves that were not committed keep their links, hence their captions.</summary>
    internal void KeepDroppedCaptions() => _droppedCaptions.Clear();

    /// <summary>
    /// Stages the save of a changed resource with its revision, without saving: the UPDATE will check
    /// <paramref name="expectedVersion"/>, and the revision records the version after it. Used by every save of
    /// this service and by bulk actions, which stage many resources and save them together.
    /// </summary>
    internal void StageRevision(Resource resource, ResourceSnapshot snapshot, IReadOnlyList<string> changed, ClaimsPrincipal editor, int expectedVersion, bool hasHistory, ResourceSnapshot? before = null)
    {
        if (!hasHistory)
        {
            AddInitialRevision(resource, before ?? snapshot, expectedVersion);
        }

        // Saved as a change of the resource row even when only its lists changed, so that the version moves and is checked.
        var entry = db.Entry(resource);
        entry.Property(r => r.Version).OriginalValue = expectedVersion;
        entry.Property(r => r.UpdatedAt).IsModified = true;
        AddRevision(resource, snapshot, changed, editor, expectedVersion + 1);
    }

    /// <summary>
    /// Resources that came from the demo data or an import have no history yet: their state before
    /// this first save becomes the version it starts from, so that it can be compared and restored.
    /// </summary>
    private void AddInitialRevision(Resource resource, ResourceSnapshot before, int version) =>
        db.ResourceRevisions.Add(new ResourceRevision
        {
            Resource = resource,
            Number = ResourceRevision.NumberFor(version),
            SavedAt = resource.UpdatedAt,
            SavedByName = "avant l'historique",
            ChangedFields = "Version initiale",
            SnapshotJson = before.ToJson(),
        });

    /// <summary>Resources tracked with the lists a snapshot reads (thématiques, speakers, links).</summary>
    internal IQueryable<Resource> TrackedWithLists() =>
        db.Resources
            .Include(r => r.Categories)
            .Include(r => r.Speakers)
            .Include(r => r.Links)
            .AsSplitQuery();

    /// <summary>The revision of <paramref name="snapshot"/>, the resource as it is at <paramref name="version"/> once saved.</summary>
    private void AddRevision(Resource resource, ResourceSnapshot snapshot, IReadOnlyList<string> changed, ClaimsPrincipal editor, int version) =>
        db.ResourceRevisions.Add(new ResourceRevision
        {
            Resource = resource,
            Number = ResourceRevision.NumberFor(version),
            SavedAt = clock.UtcNow(),
            SavedByUserId = editor.FindFirstValue(ClaimTypes.NameIdentifier),
            SavedByName = editor.Identity?.Name ?? "inconnu",
            ChangedFields = string.Join(", ", changed),
            SnapshotJson = snapshot.ToJson(),
        });

    private async Task<SaveResult> ConflictAsync(Resource current, int startedFrom, CancellationToken cancellationToken)
    {
        var startNumber = ResourceRevision.NumberFor(startedFrom);
        var startJson = await db.ResourceRevisions.Where(r => r.ResourceId == current.Id && r.Number == startNumber).Select(r => r.SnapshotJson).SingleOrDefaultAsync(cancellationToken);
        var latest = await db.ResourceRevisions.Where(r => r.ResourceId == current.Id).OrderByDescending(r => r.Number).Select(r => r.SavedByName).FirstOrDefaultAsync(cancellationToken);
        var now = ResourceSnapshot.Of(current);
        var changed = startJson is null ? ["(version de départ inconnue)"] : ResourceSnapshot.ChangedFields(ResourceSnapshot.FromJson(startJson), now);
        return new SaveResult(SaveOutcome.Conflict, current.Id, ChangedMeanwhile: changed.Count == 0 ? ["Publication ou corbeille"] : changed, Current: now, CurrentVersion: current.Version, CurrentEditor: latest);
    }

    private Task<Resource?> LoadTrackedAsync(int id, CancellationToken cancellationToken) =>
        TrackedWithLists().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);

    /// <summary>
    /// Stages one imported row on a resource (new, or tracked with its lists) without saving, so that
    /// the importer saves a thousand rows at a time: the checks were done on the whole file before, and
    /// <paramref name="categories"/> holds the tracked thématiques the row names. Returns false when
    /// nothing changes (no revision then, exactly as <see cref="UpdateAsync"/>).
    /// </summary>
    internal async Task<bool> StageImportAsync(Resource resource, ResourceInput input, IReadOnlyDictionary<int, Category> categories, ImportPublication? publication, bool hasHistory, ClaimsPrincipal editor, string reason, CancellationToken cancellationToken)
    {
        var selected = input.CategoryIds.Distinct().Select(id => categories[id]).ToList();
        if (resource.Id == 0)
        {
            Apply(resource, input, selected, fromFile: true);
            resource.PublishAt = publication?.PublishAt(null, clock.UtcNow());
            db.Resources.Add(resource);
            AddRevision(resource, ResourceSnapshot.Of(resource), [reason], editor, resource.Version);
            return true;
        }

        var before = ResourceSnapshot.Of(resource);
        var oldSlug = resource.Slug;
        var oldPublishAt = resource.PublishAt;
        resource.Slug = input.Slug!.Trim();
        resource.Title = input.Title!.Trim();
        Apply(resource, input, selected, fromFile: true);
        var after = ResourceSnapshot.Of(resource);
        var changed = ResourceSnapshot.ChangedFields(before, after).ToList();
        if (publication is not null)
        {
            var now = clock.UtcNow();
            resource.PublishAt = publication.PublishAt(oldPublishAt, now);
            if (resource.PublishAt != oldPublishAt)
            {
                changed.Add(PublicationRules.RevisionLabel(resource.PublishAt, now));
            }
        }

        if (changed.Count == 0)
        {
            return false;
        }

        if (oldSlug != resource.Slug)
        {
            await MoveSlugAsync(resource, oldSlug, cancellationToken);
        }

        if (!hasHistory)
        {
            AddInitialRevision(resource, before, resource.Version);
        }

        db.Entry(resource).Property(r => r.UpdatedAt).IsModified = true;
        AddRevision(resource, after, [reason, .. changed], editor, resource.Version + 1);
        return true;
    }

    private async Task ApplyAsync(Resource resource, ResourceInput input, CancellationToken cancellationToken)
    {
        var categoryIds = input.CategoryIds.Distinct().ToList();
        Apply(resource, input, await db.Categories.Where(c => categoryIds.Contains(c.Id)).ToListAsync(cancellationToken));
    }

    /// <summary>Copies the form or the imported row; an import (<c>fromFile</c>) has no transcripts, so a video link it keeps keeps its own.</summary>
    private void Apply(Resource resource, ResourceInput input, IReadOnlyCollection<Category> categories, bool fromFile = false)
    {
        resource.KindId = input.KindId!.Value;
        resource.SourceType = string.IsNullOrWhiteSpace(input.SourceType) ? Resource.DefaultSourceType : input.SourceType.Trim();
        resource.IsPrivate = input.IsPrivate;
        resource.SummaryMarkdown = Normalize(input.Summary);
        resource.BodyMarkdown = Normalize(input.Body);
        resource.PublishedOn = FrenchDates.ParseDay(input.PublishedOn) ?? clock.Today();
        resource.EventDate = FrenchDates.ParseDay(input.EventDate);
        resource.SeriesId = input.SeriesId;
        resource.SeriesNumber = input.SeriesId is null ? null : input.SeriesNumber;
        // Left to its default, the licence follows the access: Licence Ouverte for public work, rights kept for member-only content.
        resource.Licence = (Licences.Find(input.Licence) ?? Licences.DefaultFor(input.IsPrivate)).Code;

        var categoryIds = categories.Select(c => c.Id).ToList();
        foreach (var gone in resource.Categories.Where(c => !categoryIds.Contains(c.Id)).ToList())
        {
            resource.Categories.Remove(gone);
        }

        foreach (var added in categories.Where(c => resource.Categories.All(existing => existing.Id != c.Id)))
        {
            resource.Categories.Add(added);
        }

        var speakerRows = input.Speakers.Where(s => s.SpeakerId is not null).DistinctBy(s => s.SpeakerId).ToList();
        foreach (var gone in resource.Speakers.Where(s => speakerRows.All(r => r.SpeakerId != s.SpeakerId)).ToList())
        {
            resource.Speakers.Remove(gone);
        }

        for (var i = 0; i < speakerRows.Count; i++)
        {
            var row = speakerRows[i];
            var link = resource.Speakers.SingleOrDefault(s => s.SpeakerId == row.SpeakerId);
            if (link is null)
            {
                link = new ResourceSpeaker { SpeakerId = row.SpeakerId!.Value };
                resource.Speakers.Add(link);
            }

            link.Position = i;
            link.Role = string.IsNullOrWhiteSpace(row.Role) ? null : row.Role.Trim();
            link.Organisation = string.IsNullOrWhiteSpace(row.Organisation) ? null : row.Organisation.Trim();
        }

        var linkRows = input.Links.Where(l => !string.IsNullOrWhiteSpace(l.Url)).ToList();
        var existingLinks = resource.Links.OrderBy(l => l.Position).ToList();
        for (var i = 0; i < Math.Max(linkRows.Count, existingLinks.Count); i++)
        {
            if (i >= linkRows.Count)
            {
                if (existingLinks[i].CaptionsStorageKey is string key)
                {
                    _droppedCaptions.Add(key);
                }

                resource.Links.Remove(existingLinks[i]);
                continue;
            }

            var link = i < existingLinks.Count ? existingLinks[i] : null;
            if (link is null)
            {
                link = new ResourceLink { Label = "", Url = "" };
                resource.Links.Add(link);
            }

            var url = linkRows[i].Url!.Trim();
            var sameVideo = link.Url == url && link.Kind == LinkKind.Video && linkRows[i].Kind == LinkKind.Video;
            if (link.HasCaptions && !sameVideo)
            {
                // Captions were made for one video: another address (or no longer a video) drops them.
                _droppedCaptions.Add(link.DropCaptions()!);
            }

            link.TranscriptMarkdown = linkRows[i].Kind != LinkKind.Video ? ""
                : fromFile ? (sameVideo ? link.TranscriptMarkdown : "")
                : Normalize(linkRows[i].Transcript);
            link.Kind = linkRows[i].Kind;
            link.Url = url;
            link.Label = string.IsNullOrWhiteSpace(linkRows[i].Label) ? link.Url : linkRows[i].Label!.Trim();
            link.Position = i;
        }
    }

    private async Task<Dictionary<string, string>> ValidateAsync(ResourceInput input, int? resourceId, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string>();
        if (input.KindId is int kindId && !await db.ResourceKinds.AnyAsync(k => k.Id == kindId, cancellationToken))
        {
            errors[nameof(input.KindId)] = "Ce type de ressource n'existe pas.";
        }

        if (!string.IsNullOrWhiteSpace(input.PublishedOn) && FrenchDates.ParseDay(input.PublishedOn) is null)
        {
            errors[nameof(input.PublishedOn)] = "La date de publication n'est pas une date valide (jj/mm/aaaa).";
        }

        if (!string.IsNullOrWhiteSpace(input.EventDate) && FrenchDates.ParseDay(input.EventDate) is null)
        {
            errors[nameof(input.EventDate)] = "La date de l'événement n'est pas une date valide (jj/mm/aaaa).";
        }

        if (input.SeriesId is int seriesId && !await db.Series.AnyAsync(s => s.Id == seriesId, cancellationToken))
        {
            errors[nameof(input.SeriesId)] = "Cette collection n'existe pas.";
        }

        if (!string.IsNullOrWhiteSpace(input.Licence) && Licences.Find(input.Licence) is null)
        {
            errors[nameof(input.Licence)] = "Choisissez une licence de la liste.";
        }

        if (input.SeriesNumber is not null && input.SeriesId is null)
        {
            errors[nameof(input.SeriesNumber)] = "Un numéro n'a de sens que dans une collection : choisissez-la.";
        }

        var categoryIds = input.CategoryIds.Distinct().ToList();
        if (categoryIds.Count > 0 && await db.Categories.CountAsync(c => categoryIds.Contains(c.Id), cancellationToken) != categoryIds.Count)
        {
            errors[nameof(input.CategoryIds)] = "Une des thématiques choisies n'existe plus.";
        }

        var speakerIds = input.Speakers.Where(s => s.SpeakerId is not null).Select(s => s.SpeakerId!.Value).Distinct().ToList();
        if (speakerIds.Count > 0 && await db.Speakers.CountAsync(s => speakerIds.Contains(s.Id), cancellationToken) != speakerIds.Count)
        {
            errors[nameof(input.Speakers)] = "Un des intervenant·es choisi·es n'existe plus.";
        }

        for (var i = 0; i < input.Links.Count; i++)
        {
            var url = input.Links[i].Url?.Trim();
            if (string.IsNullOrEmpty(url))
            {
                if (!string.IsNullOrWhiteSpace(input.Links[i].Label))
                {
                    errors[$"Links[{i}].Url"] = $"Le lien « {input.Links[i].Label} » n'a pas d'adresse.";
                }
                else if (!string.IsNullOrWhiteSpace(input.Links[i].Transcript))
                {
                    errors[$"Links[{i}].Url"] = $"Le lien {i + 1} a une transcription mais pas d'adresse de vidéo.";
                }

                continue;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                errors[$"Links[{i}].Url"] = $"« {url} » n'est pas une adresse web (elle doit commencer par https://).";
            }
            else if (input.Links[i].Kind == LinkKind.Video && Content.VideoEmbed.Parse(url) is null)
            {
                errors[$"Links[{i}].Url"] = $"« {url} » n'est pas une adresse de vidéo reconnue ({Content.VideoEmbed.Accepted}) : collez l'adresse de la page de la vidéo, ou choisissez « Page web ».";
            }

            if (input.Links[i].Kind != LinkKind.Video && !string.IsNullOrWhiteSpace(input.Links[i].Transcript))
            {
                errors[$"Links[{i}].Transcript"] = $"Le lien « {input.Links[i].Label ?? url} » n'est pas une vidéo : seule une vidéo a une transcription. Choisissez « Vidéo » ou videz la transcription.";
            }
        }

        if (!string.IsNullOrWhiteSpace(input.Slug))
        {
            var slug = input.Slug.Trim();
            if (!Content.Slug.IsWellFormed(slug))
            {
                errors[nameof(input.Slug)] = "L'adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets (par exemple « economie-sociale »).";
            }
            else if (await SlugOwnerAsync(slug, resourceId, cancellationToken) is string owner)
            {
                errors[nameof(input.Slug)] = $"L'adresse « {slug} » est déjà utilisée par « {owner} ». Choisissez-en une autre.";
            }
        }

        return errors;
    }

    /// <summary>The title of another resource that uses this slug, now or as an old address, or null.</summary>
    private async Task<string?> SlugOwnerAsync(string slug, int? resourceId, CancellationToken cancellationToken) =>
        await db.Resources.Where(r => r.Slug == slug && r.Id != resourceId).Select(r => r.Title).FirstOrDefaultAsync(cancellationToken)
        ?? await db.ResourceSlugRedirects.Where(r => r.OldSlug == slug && r.ResourceId != resourceId).Select(r => r.Resource.Title).FirstOrDefaultAsync(cancellationToken);

    private async Task<string> SlugForAsync(ResourceInput input, Resource? resource, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(input.Slug))
        {
            return input.Slug.Trim();
        }

        if (resource is not null)
        {
            return resource.Slug;
        }

        var baseSlug = Content.Slug.From(input.Title, 100);
        if (baseSlug.Length == 0)
        {
            baseSlug = "ressource";
        }

        var slug = baseSlug;
        for (var n = 2; await SlugOwnerAsync(slug, null, cancellationToken) is not null; n++)
        {
            slug = $"{baseSlug}-{n}";
        }

        return slug;
    }

    private async Task MoveSlugAsync(Resource resource, string oldSlug, CancellationToken cancellationToken)
    {
        var reclaimed = await db.ResourceSlugRedirects.Where(r => r.OldSlug == resource.Slug).ToListAsync(cancellationToken);
        db.ResourceSlugRedirects.RemoveRange(reclaimed);
        if (!await db.ResourceSlugRedirects.AnyAsync(r => r.OldSlug == oldSlug, cancellationToken))
        {
            db.ResourceSlugRedirects.Add(new ResourceSlugRedirect { OldSlug = oldSlug, Resource = resource, CreatedAt = clock.UtcNow() });
        }
    }

    private static string Normalize(string? text) => Data.ResourceContentInterceptor.Canonical(text);
}
