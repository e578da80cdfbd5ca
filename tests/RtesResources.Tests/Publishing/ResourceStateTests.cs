using RtesResources.Web.Domain;

namespace RtesResources.Tests.Publishing;

/// <summary>The entity's own publication and bin rules, which the editor, the bulk actions and imports share.</summary>
public class ResourceStateTests
{
    private static readonly DateTime Now = new(2026, 11, 28, 9, 0, 0, DateTimeKind.Utc);

    private static Resource Draft() => new() { Slug = "r", Title = "R" };

    [Fact]
    public void PublishingKeepsAnEarlierMomentAndSaysWhenNothingChanges()
    {
        var resource = Draft();

        Assert.Equal(StateChange.Changed, resource.Publish(Now));
        Assert.Equal(Now, resource.PublishAt);
        Assert.Equal(StateChange.AlreadyDone, resource.Publish(Now.AddHours(1)));
        Assert.Equal(Now, resource.PublishAt);
    }

    [Fact]
    public void PublishingAScheduledResourceMakesItPublicNow()
    {
        var resource = Draft();
        resource.Schedule(Now.AddDays(3), Now);

        Assert.Equal(StateChange.Changed, resource.Publish(Now));
        Assert.Equal(PublicationStatus.Published, resource.StatusAt(Now));
    }

    [Fact]
    public void SchedulingTakesAFutureMomentWithinTheYearsAllowed()
    {
        var resource = Draft();

        Assert.Equal(StateChange.Changed, resource.Schedule(Now.AddDays(1), Now));
        Assert.Equal(StateChange.AlreadyDone, resource.Schedule(Now.AddDays(1), Now));
        Assert.Equal(PublicationStatus.Scheduled, resource.StatusAt(Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => resource.Schedule(Now.AddMinutes(-1), Now));
        Assert.Throws<ArgumentOutOfRangeException>(() => resource.Schedule(Now.AddYears(Resource.MaxScheduleYears).AddMinutes(1), Now));
        Assert.True(Resource.CanScheduleAt(Now.AddYears(Resource.MaxScheduleYears), Now));
    }

    [Fact]
    public void UnpublishingGoesBackToDraft()
    {
        var resource = Draft();
        resource.Publish(Now);

        Assert.Equal(StateChange.Changed, resource.Unpublish());
        Assert.Null(resource.PublishAt);
        Assert.Equal(StateChange.AlreadyDone, resource.Unpublish());
    }

    [Fact]
    public void AResourceInTheBinIsRestoredBeforeItsPublicationChanges()
    {
        var resource = Draft();
        resource.Publish(Now);

        Assert.Equal(StateChange.Changed, resource.MoveToBin(Now));
        Assert.Equal(StateChange.AlreadyDone, resource.MoveToBin(Now.AddHours(1)));
        Assert.Equal(Now, resource.DeletedAt);
        Assert.Equal(StateChange.RefusedInBin, resource.Unpublish());
        Assert.Equal(StateChange.RefusedInBin, resource.Publish(Now));
        Assert.Equal(Now, resource.PublishAt);

        Assert.Equal(StateChange.Changed, resource.RestoreFromBin());
        Assert.Equal(StateChange.AlreadyDone, resource.RestoreFromBin());
        Assert.Equal(PublicationStatus.Published, resource.StatusAt(Now));
    }

    [Fact]
    public void RevisionNumbersFollowVersions() => Assert.Equal(1, ResourceRevision.NumberFor(0));
}
