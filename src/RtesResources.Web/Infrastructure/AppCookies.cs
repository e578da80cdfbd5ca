namespace RtesResources.Web.Infrastructure;

/// <summary>
/// Names and flags of the site's cookies (sign-in, two-factor steps, antiforgery, TempData messages).
/// Outside Development they are <c>Secure</c> and carry the <c>__Host-</c> prefix, which browsers
/// accept only from HTTPS, with <c>Path=/</c> and no <c>Domain</c>: no other host of the domain, nor
/// a plain-HTTP page, can set or overwrite them. Development keeps plain names over http.
/// </summary>
public static class AppCookies
{
    public const string SectionKey = "Cookies:HostPrefix";
    public const string HostPrefix = "__Host-";

    public const string Auth = "rtes.auth";
    public const string Antiforgery = "rtes.af";
    public const string TempData = "rtes.msg";
    public const string TwoFactorUserId = "rtes.2fa";
    public const string TwoFactorRememberMe = "rtes.2fa-appareil";
    public const string External = "rtes.ext";

    /// <summary>
    /// On outside Development. Production always has it; other environments may turn it off with
    /// <c>Cookies:HostPrefix=false</c> (the test hosts, whose clients speak plain http).
    /// </summary>
    public static bool HostPrefixed(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsProduction() || (configuration.GetValue<bool?>(SectionKey) ?? !environment.IsDevelopment());

    /// <summary>Sets the name and the Secure, Path and Domain attributes; HttpOnly and SameSite stay each cookie's own.</summary>
    public static void Apply(CookieBuilder cookie, string name, bool hostPrefixed)
    {
        if (hostPrefixed)
        {
            cookie.Name = HostPrefix + name;
            cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Path = "/";
            cookie.Domain = null;
        }
        else
        {
            cookie.Name = name;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }
    }
}
