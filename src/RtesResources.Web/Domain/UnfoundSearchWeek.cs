namespace RtesResources.Web.Domain;

/// <summary>A search of the catalogue that found nothing, folded, counted per ISO week (its Monday), without who searched.</summary>
public class UnfoundSearchWeek
{
    public const int TextMaxLength = 100;

    public DateOnly WeekStart { get; set; }
    public required string Text { get; set; }
    public int Count { get; set; }
}
