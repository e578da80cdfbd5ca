namespace RtesResources.Web.Models;

/// <summary>One labelled form field, rendered by Views/Shared/_Field.cshtml with its hint and error.</summary>
public sealed record FieldViewModel(string Name, string Label, string? Value = null, string Type = "text")
{
    public string? Hint { get; init; }
    public string? Autocomplete { get; init; }
    public bool Required { get; init; } = true;
    public int MaxLength { get; init; } = 256;
    public string? InputMode { get; init; }
}
