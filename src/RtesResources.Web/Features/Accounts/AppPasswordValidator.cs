using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Accounts;

/// <summary>
/// Rules on top of Identity's length check (12 characters): a password may not contain the
/// e-mail's local part or the collectivity's name, and may not be a common password (a list shipped
/// in Data/common-passwords.txt). No composition rules: length and rarity make strength.
/// </summary>
public sealed class AppPasswordValidator(AppDbContext db, CommonPasswords commonPasswords) : IPasswordValidator<AppUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success;
        }

        var errors = new List<IdentityError>();
        var folded = SearchText.Normalize(password).Replace(" ", "", StringComparison.Ordinal);

        var localPart = SearchText.Normalize(user.Email?.Split('@')[0]);
        if (localPart.Length >= 3 && folded.Contains(localPart, StringComparison.Ordinal))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsEmail", Description = "Le mot de passe ne doit pas contenir la partie de votre adresse e-mail avant le @." });
        }

        if (user.CollectivityId is int collectivityId)
        {
            var name = await db.Collectivities.Where(c => c.Id == collectivityId).Select(c => c.Name).SingleOrDefaultAsync();
            var foldedName = SearchText.Normalize(name).Replace(" ", "", StringComparison.Ordinal);
            if (foldedName.Length >= 3 && folded.Contains(foldedName, StringComparison.Ordinal))
            {
                errors.Add(new IdentityError { Code = "PasswordContainsCollectivity", Description = "Le mot de passe ne doit pas contenir le nom de votre collectivité." });
            }
        }

        if (commonPasswords.Contains(password))
        {
            errors.Add(new IdentityError { Code = "PasswordTooCommon", Description = "Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre." });
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }
}

/// <summary>The list of common passwords, loaded once. A password matches when, folded, it equals an entry.</summary>
public sealed class CommonPasswords
{
    public const string RelativePath = "Data/common-passwords.txt";

    private readonly HashSet<string> _entries;

    public CommonPasswords(IWebHostEnvironment environment)
    {
        var path = Path.Combine(environment.ContentRootPath, RelativePath);
        if (!File.Exists(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, RelativePath);
        }

        _entries = File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(Fold)
            .ToHashSet(StringComparer.Ordinal);
    }

    public int Count => _entries.Count;

    public bool Contains(string password)
    {
        var folded = Fold(password);
        // "motdepasse2024!" is as weak as "motdepasse": strip trailing digits and symbols too.
        var stem = folded.TrimEnd("0123456789!?.*#@$%&_-+=".ToCharArray());
        return _entries.Contains(folded) || (stem.Length >= 6 && _entries.Contains(stem));
    }

    private static string Fold(string value) => SearchText.Normalize(value).Replace(" ", "", StringComparison.Ordinal);
}
