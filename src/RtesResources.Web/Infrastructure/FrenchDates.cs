using System.Globalization;

namespace RtesResources.Web.Infrastructure;

/// <summary>Dates as French readers write and read them, whatever the server's culture.</summary>
public static class FrenchDates
{
    /// <summary>What a date field accepts: yyyy-mm-dd as date inputs send it, or jj/mm/aaaa as people type it.</summary>
    public static readonly IReadOnlyList<string> DayFormats = ["yyyy-MM-dd", "dd/MM/yyyy"];

    private static readonly string[] DayFormatArray = [.. DayFormats];

    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH'h'mm"];

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>"26 août 2020".</summary>
    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", French);

    /// <summary>"mai 2021": publication dates are often known to the month only.</summary>
    public static string MonthYear(DateOnly date) => date.ToString("MMMM yyyy", French);

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>"26 novembre 2026 à 11:00", in Paris time, from a UTC moment.</summary>
    public static string Moment(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Paris).ToString("d MMMM yyyy 'à' HH:mm", French);

    /// <summary>The machine-readable value of a time element.</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string IsoMonth(DateOnly date) => date.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Reads a day in <see cref="DayFormats"/> (surrounding spaces ignored); null when it is not one.</summary>
    public static DateOnly? ParseDay(string? text) => TryParseDay(text, out var day) ? day : null;

    public static bool TryParseDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), DayFormatArray, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>Reads a day written AAAA-MM-JJ only: what scripts pass on a command line, never ambiguous.</summary>
    public static bool TryParseIsoDay(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text?.Trim(), DayFormatArray[0], CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>Reads a time of day: "14:30", "9:05" or "14h30".</summary>
    public static bool TryParseTime(string? text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text?.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);

    /// <summary>
    /// Reads a date (<see cref="DayFormats"/>) and a time (<see cref="TryParseTime"/>) as Paris time, into
    /// UTC. A time that does not exist (the hour skipped in spring) moves an hour later.
    /// </summary>
    public static bool TryParseParisMoment(string? date, string? time, out DateTime utc)
    {
        utc = default;
        if (!TryParseDay(date, out var day) || !TryParseTime(time, out var hour) || day.Year is < 1900 or > 9000)
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
