namespace RtesResources.Web.Domain;

/// <summary>Entities whose CreatedAt/UpdatedAt (UTC) are filled by the TimestampInterceptor.</summary>
public interface IHasTimestamps
{
    DateTime CreatedAt { get; set; }
    DateTime UpdatedAt { get; set; }
}
