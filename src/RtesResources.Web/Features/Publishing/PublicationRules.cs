using System.Globalization;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Publishing;

/// <summary>
/// The rules of publication and bin moves, in one place for the single-resource actions and the bulk
/// actions: when a moment can be scheduled, what PublishAt a change gives, when a resource is already
/// where a change would take it, and the French words history and reports use for each change.
/// </summary>
public static class PublicationRules
{
    public const int MaxScheduleYears = 5;

    public const string ScheduleFormatError = "Indiquez la date et l'heure de publication (jj/mm/aaaa et hh:mm).";

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Why a publication cannot be scheduled at this moment (UTC), or null when it can.</summary>
    public static string? ScheduleError(DateTime? scheduledUtc, DateTime nowUtc) =>
        scheduledUtc is not DateTime at || at <= nowUtc
            ? "La date de publication programmée est passée : choisissez une date à venir, ou publiez maintenant."
            : at > nowUtc.AddYears(MaxScheduleYears)
                ? $"La date de publication programmée est trop lointaine ({MaxScheduleYears} ans au plus)."
                : null;

    /// <summary>
    /// The PublishAt a change gives: publishing now keeps an earlier publication moment, scheduling
    /// takes the chosen moment, unpublishing takes the resource back to draft.
    /// </summary>
    public static DateTime? PublishAtAfter(PublicationChange change, DateTime? current, DateTime? scheduledUtc, DateTime nowUtc) => change switch
    {
        PublicationChange.PublishNow => current is DateTime earlier && earlier <= nowUtc ? earlier : nowUtc,
        PublicationChange.Schedule => scheduledUtc,
        _ => null,
    };

    /// <summary>True when the change would leave the resource as it is (already published, already a draft...).</summary>
    public static bool IsAlreadyDone(PublicationChange change, DateTime? current, DateTime? scheduledUtc, DateTime nowUtc) =>
        PublishAtAfter(change, current, scheduledUtc, nowUtc) == current;

    /// <summary>A resource in the bin is neither published nor unpublished: it is restored first.</summary>
    public static bool CanChangePublication(Resource resource) => resource.DeletedAt is null;

    /// <summary>True when a resource can go to the bin (false: it is there already), or be restored from it.</summary>
    public static bool CanMove(Resource resource, bool toBin) => (resource.DeletedAt is null) == toBin;

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

    /// <summary>
    /// Reads a date (yyyy-mm-dd as date inputs send it, or jj/mm/aaaa) and a time (hh:mm) as Paris time,
    /// into UTC. A time that does not exist (the hour skipped in spring) moves an hour later.
    /// </summary>
    public static bool TryParseParisMoment(string? date, string? time, out DateTime utc)
    {
        utc = default;
        if (!DateOnly.TryParseExact(date?.Trim(), ["yyyy-MM-dd", "dd/MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !TimeOnly.TryParseExact(time?.Trim(), ["HH:mm", "H:mm", "HH'h'mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var hour)
            || day.Year is < 1900 or > 9000)
        {
            // Out of those years the conversion to UTC could fall outside DateTime's range.
            return false;
        }

        var local = day.ToDateTime(hour, DateTimeKind.Unspecified);
        if (Paris.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        utc = TimeZoneInfo.ConvertTimeToUtc(local, Paris);
        return true;
    }
}
