using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Content;

namespace RtesResources.Web.Features.Accounts;

/// <summary>
/// Rules on top of Identity's length check (12 characters): a password may not contain the
/// e-mail's local part, the person's name or the collectivity's name, and may not be a common
/// password (see <see cref="CommonPasswords"/>). Containment compares letters and digits only,
/// without case or accents: "JeanMarieDupont1" contains "jean-marie.dupont". No composition
/// rules: length and rarity make strength.
/// </summary>
public sealed class AppPasswordValidator(AppDbContext db, CommonPasswords commonPasswords) : IPasswordValidator<AppUser>
{
    /// <summary>Shorter personal strings are not compared: "al" or "rh" would refuse too many passwords.</summary>
    private const int ShortestCompared = 3;

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success;
        }

        var errors = new List<IdentityError>();
        var folded = LettersAndDigits(password);

        if (Contains(folded, user.Email?.Split('@')[0]))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsEmail", Description = "Le mot de passe ne doit pas contenir la partie de votre adresse e-mail avant le @." });
        }

        if (Contains(folded, user.FullName))
        {
            errors.Add(new IdentityError { Code = "PasswordContainsName", Description = "Le mot de passe ne doit pas contenir votre nom." });
        }

        if (user.CollectivityId is int collectivityId)
        {
            var name = await db.Collectivities.Where(c => c.Id == collectivityId).Select(c => c.Name).SingleOrDefaultAsync();
            if (Contains(folded, name))
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

    /// <summary>Lower case, without accents, letters and digits only: "Jean-Marie Dupont" gives "jeanmariedupont".</summary>
    public static string LettersAndDigits(string? text)
    {
        var normalized = SearchText.Normalize(text);
        var builder = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool Contains(string foldedPassword, string? personal)
    {
        var folded = LettersAndDigits(personal);
        return folded.Length >= ShortestCompared && foldedPassword.Contains(folded, StringComparison.Ordinal);
    }
}

/// <summary>
/// The lists of common passwords, read once, on first use: zxcvbn's 30,000 most common passwords
/// (Data/zxcvbn-passwords.txt.gz, MIT, see the LICENSE file next to it) and the site's own French
/// additions (Data/common-passwords.txt). A password matches when, folded (no case, no accents, no
/// spaces), it equals an entry, or does once its trailing digits and symbols are taken off.
/// </summary>
public sealed class CommonPasswords
{
    public const string FrenchListPath = "Data/common-passwords.txt";
    public const string PublishedListPath = "Data/zxcvbn-passwords.txt.gz";

    private readonly string _contentRoot;
    private readonly Lazy<HashSet<string>> _entries;
    private int _loads;

    public CommonPasswords(IWebHostEnvironment environment)
        : this(environment.ContentRootPath)
    {
    }

    public CommonPasswords(string contentRoot)
    {
        _contentRoot = contentRoot;
        _entries = new Lazy<HashSet<string>>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>How many times the lists were read (once at most).</summary>
    public int Loads => Volatile.Read(ref _loads);

    public int Count => _entries.Value.Count;

    public bool Contains(string password)
    {
        var entries = _entries.Value;
        var folded = Fold(password);
        // "motdepasse2024!" is as weak as "motdepasse": strip trailing digits and symbols too.
        var stem = folded.TrimEnd("0123456789!?.*#@$%&_-+=".ToCharArray());
        return entries.Contains(folded) || (stem.Length >= 6 && entries.Contains(stem));
    }

    private HashSet<string> Load()
    {
        Interlocked.Increment(ref _loads);
        var entries = new HashSet<string>(40_000, StringComparer.Ordinal);
        using (var compressed = File.OpenRead(Find(PublishedListPath)))
        using (var text = new GZipStream(compressed, CompressionMode.Decompress))
        using (var reader = new StreamReader(text, Encoding.UTF8))
        {
            Add(entries, reader);
        }

        using (var reader = new StreamReader(Find(FrenchListPath), Encoding.UTF8))
        {
            Add(entries, reader);
        }

        return entries;
    }

    private static void Add(HashSet<string> entries, StreamReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                entries.Add(Fold(line));
            }
        }
    }

    private string Find(string relativePath)
    {
        var path = Path.Combine(_contentRoot, relativePath);
        return File.Exists(path) ? path : Path.Combine(AppContext.BaseDirectory, relativePath);
    }

    private static string Fold(string value) => SearchText.Normalize(value).Replace(" ", "", StringComparison.Ordinal);
}
