using System.Globalization;

namespace RtesResources.Web.Infrastructure;

/// <summary>Dates as French readers write them, whatever the server's culture.</summary>
public static class FrenchDates
{
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
}
