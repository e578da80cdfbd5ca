using System.ComponentModel.DataAnnotations;

namespace RtesResources.Web.Models;

public sealed class LoginInput
{
    [Required(ErrorMessage = "Indiquez votre adresse e-mail.")]
    [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
    [StringLength(256, ErrorMessage = "L'adresse e-mail est trop longue.")]
    [Display(Name = "Adresse e-mail")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Indiquez votre mot de passe.")]
    [StringLength(200, ErrorMessage = "Le mot de passe est trop long.")]
    [DataType(DataType.Password)]
    [Display(Name = "Mot de passe")]
    public string? Password { get; set; }

    [Display(Name = "Rester connecté·e sur cet appareil")]
    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorLoginInput
{
    [Required(ErrorMessage = "Indiquez le code à 6 chiffres de votre application, ou un code de secours.")]
    [StringLength(20, ErrorMessage = "Ce code est trop long.")]
    [Display(Name = "Code de vérification")]
    public string? Code { get; set; }

    [Display(Name = "Ne plus demander de code sur cet appareil")]
    public bool RememberMachine { get; set; }

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class ForgotPasswordInput
{
    [Required(ErrorMessage = "Indiquez votre adresse e-mail.")]
    [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
    [StringLength(256, ErrorMessage = "L'adresse e-mail est trop longue.")]
    [Display(Name = "Adresse e-mail")]
    public string? Email { get; set; }
}

/// <summary>Choosing a password from an invitation or a reset link.</summary>
public sealed class ChoosePasswordInput
{
    [Required(ErrorMessage = "Le lien est incomplet.")]
    public string? Jeton { get; set; }

    [Required(ErrorMessage = "Choisissez un mot de passe.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Le mot de passe doit contenir au moins 12 caractères.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nouveau mot de passe")]
    public string? Password { get; set; }

    [Required(ErrorMessage = "Confirmez le mot de passe.")]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirmer le mot de passe")]
    public string? ConfirmPassword { get; set; }
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Indiquez votre mot de passe actuel.")]
    [StringLength(200)]
    [DataType(DataType.Password)]
    [Display(Name = "Mot de passe actuel")]
    public string? CurrentPassword { get; set; }

    [Required(ErrorMessage = "Choisissez un nouveau mot de passe.")]
    [StringLength(200, MinimumLength = 12, ErrorMessage = "Le mot de passe doit contenir au moins 12 caractères.")]
    [DataType(DataType.Password)]
    [Display(Name = "Nouveau mot de passe")]
    public string? NewPassword { get; set; }

    [Required(ErrorMessage = "Confirmez le nouveau mot de passe.")]
    [Compare(nameof(NewPassword), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    [DataType(DataType.Password)]
    [Display(Name = "Confirmer le nouveau mot de passe")]
    public string? ConfirmPassword { get; set; }
}

public sealed class AccessRequestInput
{
    [Required(ErrorMessage = "Indiquez votre nom.")]
    [StringLength(200, ErrorMessage = "Le nom est trop long (200 caractères au plus).")]
    [Display(Name = "Prénom et nom")]
    public string? FullName { get; set; }

    [Required(ErrorMessage = "Indiquez votre adresse e-mail professionnelle.")]
    [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
    [StringLength(256, ErrorMessage = "L'adresse e-mail est trop longue.")]
    [Display(Name = "Adresse e-mail professionnelle")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Indiquez votre collectivité.")]
    [StringLength(200, ErrorMessage = "Le nom de la collectivité est trop long (200 caractères au plus).")]
    [Display(Name = "Collectivité")]
    public string? CollectivityName { get; set; }

    [StringLength(200, ErrorMessage = "La fonction est trop longue (200 caractères au plus).")]
    [Display(Name = "Fonction (facultatif)")]
    public string? JobTitle { get; set; }

    [StringLength(2000, ErrorMessage = "Le message est trop long (2 000 caractères au plus).")]
    [Display(Name = "Message (facultatif)")]
    public string? Message { get; set; }
}

public sealed class EnableAuthenticatorInput
{
    [Required(ErrorMessage = "Indiquez le code à 6 chiffres affiché par votre application.")]
    [StringLength(7, MinimumLength = 6, ErrorMessage = "Le code compte 6 chiffres.")]
    [Display(Name = "Code de vérification")]
    public string? Code { get; set; }
}

/// <summary>Turning two-factor authentication off: a code of the app (or a recovery code), or the password.</summary>
public sealed class DisableTwoFactorInput
{
    [StringLength(20, ErrorMessage = "Ce code est trop long.")]
    [Display(Name = "Code de l'application ou code de secours")]
    public string? Code { get; set; }

    [StringLength(200, ErrorMessage = "Le mot de passe est trop long.")]
    [DataType(DataType.Password)]
    [Display(Name = "Ou votre mot de passe")]
    public string? Password { get; set; }
}

public sealed class LinkPageViewModel
{
    public required string Token { get; init; }
    public required bool IsInvitation { get; init; }
    public required string Email { get; init; }
    public ChoosePasswordInput Input { get; init; } = new();
}

public sealed class MySpaceViewModel
{
    public required string Email { get; init; }
    public string? FullName { get; init; }
    public required IReadOnlyList<string> Roles { get; init; }
    public string? CollectivityName { get; init; }
    public string? CollectivityKind { get; init; }
    public DateOnly? MembershipEndsOn { get; init; }
    public required bool HasPrivateAccess { get; init; }
    public required bool TwoFactorEnabled { get; init; }
    public DateTime? LastVisitAt { get; init; }
    public DateTime? DeletionRequestedAt { get; init; }
    public required IReadOnlyList<ResourceCardViewModel> NewPrivateResources { get; init; }
    public required string JoinUrl { get; init; }
}

public sealed class AuthenticatorSetupViewModel
{
    public required bool IsEnabled { get; init; }
    public required bool IsRequired { get; init; }
    public string? SharedKey { get; init; }
    public string? QrCodeDataUri { get; init; }
    public IReadOnlyList<string> RecoveryCodes { get; init; } = [];
    public int RecoveryCodesLeft { get; init; }
    public EnableAuthenticatorInput Input { get; init; } = new();

    /// <summary>The form that turns it off, posted with the "Disable" prefix.</summary>
    public DisableTwoFactorInput Disable { get; init; } = new();
}
