using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace RtesResources.Web.Infrastructure;

/// <summary>Reads validation messages for our own accessible form markup (error summary, aria-invalid, aria-describedby).</summary>
public static class FormErrors
{
    public static string? ErrorFor(this ModelStateDictionary state, string key) =>
        state.TryGetValue(key, out var entry) && entry.Errors.Count > 0
            ? string.Join(" ", entry.Errors.Select(e => e.ErrorMessage).Distinct())
            : null;

    /// <summary>Every message with the id of the field it belongs to ("" for messages about the whole form).</summary>
    public static IReadOnlyList<(string FieldId, string Message)> AllErrors(this ModelStateDictionary state) =>
        state
            .Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(error => (FieldId: e.Key.Replace('.', '_'), error.ErrorMessage)))
            .Distinct()
            .ToList();
}
