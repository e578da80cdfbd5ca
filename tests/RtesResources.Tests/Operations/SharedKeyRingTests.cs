using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;

namespace RtesResources.Tests.Operations;

/// <summary>
/// Two instances of the site on one database share the Data Protection key ring kept in that database:
/// a session, an antiforgery token or a key made by one is accepted by the other. Each test host runs
/// in this process with the same content root and user profile, so the control is a third site on a
/// database of its own: it must refuse what the first made, which it would accept from a key ring kept
/// anywhere else than in the database.
/// </summary>
public sealed class SharedKeyRingTests : IDisposable
{
    private const string Email = "agente@nantes.example";
    private readonly RtesWebFactory _first = new() { SeedDemoData = false };
    private readonly RtesWebFactory _second;

    public SharedKeyRingTests() => _second = new RtesWebFactory { SeedDemoData = false, DatabasePath = _first.DatabasePath };

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    [Fact]
    public async Task ASessionOpenedOnOneInstanceIsSignedInOnTheOther()
    {
        await _first.AddCollectivityAsync("Ville de Nantes", DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1));
        await _first.AddUserAsync(Email, Roles.Member, "Ville de Nantes");
        var visitor = new Visitor();

        using (var signIn = await visitor.PostFormAsync(_first, "/compte/connexion", _first, "/compte/connexion", new() { ["Email"] = Email, ["Password"] = Accounts.Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        using var onSecond = await visitor.GetAsync(_second, "/compte");
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        Assert.Equal(Email, Html.Parse(await onSecond.Content.ReadAsStringAsync()).QuerySelectorAll("dd").Select(d => d.TextContent.Trim()).Single(t => t.Contains('@', StringComparison.Ordinal)));

        // Without the cookie, the same page sends to the login: the 200 above is the session's.
        using var anonymous = await new Visitor().GetAsync(_second, "/compte");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task AFormRenderedByOneInstanceIsAcceptedByTheOther()
    {
        await _first.AddUserAsync(Email, Roles.Editor);
        var visitor = new Visitor();

        // The login form and its antiforgery cookie come from the first, the POST goes to the second.
        using (var signIn = await visitor.PostFormAsync(_first, "/compte/connexion", _second, "/compte/connexion", new() { ["Email"] = Email, ["Password"] = Accounts.Password }))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        // A signed-in form (its token is bound to the account) rendered by the second, posted to the first.
        using var signOut = await visitor.PostFormAsync(_second, "/compte", _first, "/compte/deconnexion", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
    }

    [Fact]
    public async Task AKeyCreatedByOneInstanceIsReadByTheOther()
    {
        var now = DateTimeOffset.UtcNow;
        var key = _first.Services.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));

        Assert.Contains(_second.Services.GetRequiredService<IKeyManager>().GetAllKeys(), k => k.KeyId == key.KeyId);
        var rows = await _second.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.FriendlyName).ToListAsync());
        Assert.Contains($"key-{key.KeyId:D}", rows);

        var secret = _first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("un secret partagé");
        Assert.Equal("un secret partagé", _second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task ASiteOnAnotherDatabaseRefusesWhatTheFirstMade()
    {
        using var other = new RtesWebFactory { SeedDemoData = false };
        var visitor = new Visitor();

        using var posted = await visitor.PostFormAsync(_first, "/compte/connexion", other, "/compte/connexion", new() { ["Email"] = Email, ["Password"] = Accounts.Password });
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);

        var secret = _first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("un secret");
        Assert.ThrowsAny<CryptographicException>(() => other.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task WithACertificateTheKeysAreStoredEncrypted()
    {
        using var folder = new TempFolder();
        var pfx = Path.Combine(folder.Path, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=RTES Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "mot-de-passe"));
        }

        using var site = new CertificateSite(pfx, "mot-de-passe") { SeedDemoData = false };
        using var again = new CertificateSite(pfx, "mot-de-passe") { SeedDemoData = false, DatabasePath = site.DatabasePath };
        var secret = site.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("un secret");

        var xml = Assert.Single(await site.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync()));
        Assert.Contains("EncryptedData", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("unencrypted form", xml, StringComparison.Ordinal);
        Assert.Equal("un secret", again.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(secret));
    }

    [Fact]
    public async Task WithoutACertificateTheKeysAreStoredAsTheLibraryWritesThem()
    {
        _first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("un secret");

        var xml = Assert.Single(await _first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync()));
        Assert.Contains("unencrypted form", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCertificateStopsTheSiteWithTheKeyNamed()
    {
        using var site = new CertificateSite("/nonexistent/keys.pfx", null) { SeedDemoData = false };

        var error = Assert.ThrowsAny<Exception>(() => site.Services);

        Assert.Contains("DataProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The site with a certificate to protect its keys at rest.</summary>
    private sealed class CertificateSite(string path, string? password) : RtesWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting(KeyRing.CertificatePathKey, path);
            if (password is not null)
            {
                builder.UseSetting(KeyRing.CertificatePasswordKey, password);
            }
        }
    }

    /// <summary>One browser that talks to several instances of the site: it keeps its cookies itself.</summary>
    private sealed class Visitor
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public async Task<HttpResponseMessage> GetAsync(RtesWebFactory site, string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            return await SendAsync(site, request);
        }

        /// <summary>GETs the form page from one instance, then POSTs the fields with its antiforgery token to another.</summary>
        public async Task<HttpResponseMessage> PostFormAsync(RtesWebFactory formSite, string formPage, RtesWebFactory postSite, string action, Dictionary<string, string> fields)
        {
            string token;
            using (var page = await GetAsync(formSite, formPage))
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                token = Html.Parse(await page.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                    ?? throw new InvalidOperationException($"No antiforgery token on {formPage}.");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, action)
            {
                Content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))),
            };
            return await SendAsync(postSite, request);
        }

        private async Task<HttpResponseMessage> SendAsync(RtesWebFactory site, HttpRequestMessage request)
        {
            using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await client.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (var pair in values.Select(v => v.Split(';')[0]))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
                    if (value.Length == 0)
                    {
                        _cookies.Remove(name);
                    }
                    else
                    {
                        _cookies[name] = value;
                    }
                }
            }

            return response;
        }
    }
}
