using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Tests.Security;

public class SecureCookiesTests
{
    [Fact]
    public async Task OutsideDevelopmentEveryCookieIsSecureAndHostPrefixed()
    {
        // RtesWebFactory asks for plain cookies (Cookies:HostPrefix=false): Production does not listen.
        using var site = new EnvironmentSite("Production");
        await site.AddUserAsync("admin-https@rtes.fr", Roles.Admin);
        string code;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = (await users.FindByEmailAsync("admin-https@rtes.fr"))!;
            await users.ResetAuthenticatorKeyAsync(admin);
            await users.SetTwoFactorEnabledAsync(admin, true);
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(admin, 1))!.Single();
        }

        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        var setCookies = new List<string>();
        using var form = await client.GetAsync("/compte/connexion");
        setCookies.AddRange(SetCookies(form));
        using var step = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "admin-https@rtes.fr", ["Password"] = Accounts.Password });
        setCookies.AddRange(SetCookies(step));
        using var signedIn = await client.PostFormAsync(step.Headers.Location!.OriginalString, "/compte/connexion/code", new() { ["Code"] = code, ["ReturnUrl"] = "/compte" });
        setCookies.AddRange(SetCookies(signedIn));
        using var deletion = await client.PostFormAsync("/compte", "/compte/suppression", []);
        setCookies.AddRange(SetCookies(deletion));
        using var page = await client.GetAsync("/compte");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var names = setCookies.Select(c => c.Split('=')[0]).ToHashSet();
        Assert.Superset(new HashSet<string> { "__Host-rtes.af", "__Host-rtes.2fa", "__Host-rtes.auth", "__Host-rtes.msg" }, names);
        Assert.All(setCookies, cookie =>
        {
            Assert.StartsWith(AppCookies.HostPrefix, cookie, StringComparison.Ordinal);
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public async Task OutsideDevelopmentPlainHttpGetsOneClearAnswerButHealthProbesAnswer()
    {
        // As behind a reverse proxy missing from ReverseProxy:KnownProxies: the request looks like plain http.
        using var site = new EnvironmentSite("Production");
        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("http://localhost") });

        foreach (var url in new[] { "/", "/ressources", "/compte/connexion" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(HttpsOnly.Message, await response.Content.ReadAsStringAsync());
        }

        using var login = await client.PostAsync("/compte/connexion", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "a@b.fr" }));
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        using var live = await client.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task DevelopmentKeepsPlainCookiesOverHttp()
    {
        using var site = new EnvironmentSite("Development", hostPrefixSetting: null);
        await site.AddUserAsync("dev@rtes.fr", Roles.Editor);

        using var client = site.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var form = await client.GetAsync("/compte/connexion");
        using var signIn = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "dev@rtes.fr", ["Password"] = Accounts.Password });
        using var page = await client.GetAsync("/compte");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var auth = Assert.Single(SetCookies(signIn), c => c.StartsWith("rtes.auth=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", auth, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(SetCookies(form), c => c.StartsWith("rtes.af=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff", true)]
    [InlineData("2001:db8:1:2:aaaa::5", "2001:db8:1:2:bbbb::9", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("2001:db8:1:2::1", "2001:db9:1:2::1", false)]
    [InlineData("192.0.2.10", "192.0.2.10", true)]
    [InlineData("192.0.2.10", "192.0.2.11", false)]
    [InlineData("::ffff:192.0.2.10", "192.0.2.10", true)]
    [InlineData("::ffff:192.0.2.10", "::ffff:192.0.2.11", false)]
    public void RateLimitsGroupIpv6By64AndIpv4ByAddress(string first, string second, bool shared)
    {
        var a = RateLimitPartitions.ClientKey(IPAddress.Parse(first));
        var b = RateLimitPartitions.ClientKey(IPAddress.Parse(second));

        Assert.Equal(shared, a == b);
    }

    [Fact]
    public void RateLimitKeysAreReadable()
    {
        Assert.Equal("2001:db8:1:2::/64", RateLimitPartitions.ClientKey(IPAddress.Parse("2001:db8:1:2:3:4:5:6")));
        Assert.Equal("192.0.2.10", RateLimitPartitions.ClientKey(IPAddress.Parse("::ffff:192.0.2.10")));
        Assert.Equal("unknown", RateLimitPartitions.ClientKey(null));
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private sealed class EnvironmentSite(string environment, string? hostPrefixSetting = "false") : RtesWebFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(environment);
            builder.UseSetting("Database:SeedDemoData", "false");
            builder.UseSetting("Cookies:HostPrefix", hostPrefixSetting);
        }
    }
}
