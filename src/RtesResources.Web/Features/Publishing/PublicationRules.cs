using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Publishing;

/// <summary>
/// What the single-resource actions and the bulk actions share around the entity's publication and bin
/// methods (<see cref="Resource.Publish"/>...): the French refusals of a scheduled moment, which method a
/// change calls, and the French words history and reports use for each change.
/// </summary>
public static class PublicationRules
{
    public const string ScheduleFormatError = "Indiquez la date et l'heure de publication (jj/mm/aaaa et hh:mm).";

    /// <summary>Why a publication cannot be scheduled at this moment (UTC), or null when it can.</summary>
    public static string? ScheduleError(DateTime? scheduledUtc, DateTime nowUtc) =>
        scheduledUtc is DateTime at && Resource.CanScheduleAt(at, nowUtc) ? null
        : scheduledUtc is not DateTime later || later <= nowUtc
            ? "La date de publication programmée est passée : choisissez une date à venir, ou publiez maintenant."
            : $"La date de publication programmée est trop lointaine ({Resource.MaxScheduleYears} ans au plus).";

    /// <summary>
    /// Applies a publication change through the entity's methods; <paramref name="scheduledUtc"/> is
    /// the checked moment of a <see cref="PublicationChange.Schedule"/>.
    /// </summary>
    public static StateChange Apply(Resource resource, PublicationChange change, DateTime? scheduledUtc, DateTime nowUtc) => change switch
    {
        PublicationChange.PublishNow => resource.Publish(nowUtc),
        PublicationChange.Schedule => resource.Schedule(scheduledUtc ?? throw new ArgumentNullException(nameof(scheduledUtc)), nowUtc),
        _ => resource.Unpublish(),
    };

    /// <summary>The label of the change a new PublishAt makes, for changes that do not say which they are (an import row).</summary>
    public static string RevisionLabel(DateTime? publishAt, DateTime nowUtc) =>
        RevisionLabel(publishAt is null ? PublicationChange.Unpublish : publishAt > nowUtc ? PublicationChange.Schedule : PublicationChange.PublishNow);

    /// <summary>The revision's label of a publication change.</summary>
    public static string RevisionLabel(PublicationChange change) => change switch
    {
        PublicationChange.PublishNow => "Publication",
        PublicationChange.Schedule => "Publication programmée",
        _ => "Dépublication",
    };

    public static string BinRevisionLabel(bool toBin) => toBin ? "Mise à la corbeille" : "Restauration depuis la corbeille";

    /// <summary>How a resource already in the change's state is described ("déjà publiée").</summary>
    public static string AlreadyDoneLabel(PublicationChange change, bool plural) => change switch
    {
        PublicationChange.PublishNow => plural ? "déjà publiées" : "déjà publiée",
        PublicationChange.Schedule => plural ? "déjà programmées à ce moment" : "déjà programmée à ce moment",
        _ => "déjà en brouillon",
    };
}
