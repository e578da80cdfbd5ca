using RtesResources.Web.Infrastructure;

namespace RtesResources.Tests.Publishing;

/// <summary>The one parser of the dates and times forms send (resource form, publication, bulk actions).</summary>
public class FrenchDatesTests
{
    [Theory]
    [InlineData("2026-11-28")]
    [InlineData(" 28/11/2026 ")]
    public void ReadsBothDayFormats(string text) => Assert.Equal(new DateOnly(2026, 11, 28), FrenchDates.ParseDay(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("28/11/26")]
    [InlineData("2026-02-30")]
    [InlineData("11/28/2026")]
    public void RefusesAnythingElse(string? text) => Assert.Null(FrenchDates.ParseDay(text));

    [Theory]
    [InlineData("14:30")]
    [InlineData("14h30")]
    public void ReadsAParisMomentIntoUtc(string time)
    {
        Assert.True(FrenchDates.TryParseParisMoment("28/11/2026", time, out var utc));
        Assert.Equal(new DateTime(2026, 11, 28, 13, 30, 0, DateTimeKind.Utc), utc);
    }

    [Fact]
    public void MovesTheHourSkippedInSpringAnHourLater()
    {
        Assert.True(FrenchDates.TryParseParisMoment("2026-03-29", "2:30", out var utc));
        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), utc);
        Assert.False(FrenchDates.TryParseParisMoment("0001-01-01", "00:00", out _));
    }
}
