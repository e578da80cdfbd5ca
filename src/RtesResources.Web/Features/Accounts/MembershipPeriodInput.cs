using System.ComponentModel.DataAnnotations;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Accounts;

/// <summary>The back-office form that records a membership period, past, current or to come.</summary>
public sealed class MembershipPeriodInput
{
    [Required(ErrorMessage = "Indiquez le premier jour de la période (jj/mm/aaaa).")]
    [DayDate(ErrorMessage = "Le premier jour de la période n'est pas une date valide (jj/mm/aaaa).")]
    public string? StartsOn { get; set; }

    [Required(ErrorMessage = "Indiquez le dernier jour de la période (jj/mm/aaaa).")]
    [DayDate(ErrorMessage = "Le dernier jour de la période n'est pas une date valide (jj/mm/aaaa).")]
    public string? EndsOn { get; set; }

    public DateOnly? Start => DayDateAttribute.Parse(StartsOn);

    public DateOnly? End => DayDateAttribute.Parse(EndsOn);
}

/// <summary>A day as a date field sends it (AAAA-MM-JJ) or as people type it (JJ/MM/AAAA); empty is left to [Required].</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DayDateAttribute : ValidationAttribute
{
    public static DateOnly? Parse(string? text) => FrenchDates.ParseDay(text);

    public override bool IsValid(object? value) => value is not string text || string.IsNullOrWhiteSpace(text) || Parse(text) is not null;
}
