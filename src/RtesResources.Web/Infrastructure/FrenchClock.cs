namespace RtesResources.Web.Infrastructure;

/// <summary>
/// The calendar day in France. Memberships end at midnight in Paris, whatever the server's time zone.
/// </summary>
public static class FrenchClock
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateOnly Today(this TimeProvider clock) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Paris).DateTime);

    public static DateTime UtcNow(this TimeProvider clock) => clock.GetUtcNow().UtcDateTime;
}
