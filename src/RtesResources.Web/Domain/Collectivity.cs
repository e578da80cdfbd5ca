namespace RtesResources.Web.Domain;

public enum CollectivityKind
{
    Commune,
    Intercommunalite,
    Metropole,
    Departement,
    Region,
    Autre,
}

/// <summary>
/// A local authority. It is a member ("à jour de cotisation") on a day when one of its membership
/// periods covers that day; renewing adds a period, so the history is kept.
/// </summary>
public class Collectivity
{
    public const int NameMaxLength = 200;

    public static readonly string NameRule = $"Le nom est obligatoire ({NameMaxLength} caractères au plus).";
    public const string SirenRule = "Le numéro SIREN compte 9 chiffres.";

    /// <summary>A name once trimmed: present, and short enough.</summary>
    public static bool IsValidName(string name) => name.Length is > 0 and <= NameMaxLength;

    /// <summary>A SIREN once trimmed: none, or nine digits.</summary>
    public static bool IsValidSiren(string? siren) => siren is null || (siren.Length == 9 && siren.All(char.IsAsciiDigit));

    public int Id { get; set; }
    public required string Name { get; set; }
    public CollectivityKind Kind { get; set; }

    /// <summary>The 9-digit SIREN number, when known.</summary>
    public string? Siren { get; set; }

    /// <summary>A deactivated collectivity's agents lose private access and their sessions.</summary>
    public bool IsActive { get; set; } = true;

    public ICollection<MembershipPeriod> Memberships { get; set; } = [];
    public ICollection<AppUser> Users { get; set; } = [];

    public bool IsMemberOn(DateOnly day) => IsActive && Memberships.Any(p => p.Covers(day));

    public static string KindLabel(CollectivityKind kind) => kind switch
    {
        CollectivityKind.Commune => "Commune",
        CollectivityKind.Intercommunalite => "Intercommunalité",
        CollectivityKind.Metropole => "Métropole",
        CollectivityKind.Departement => "Département",
        CollectivityKind.Region => "Région",
        _ => "Autre",
    };
}
