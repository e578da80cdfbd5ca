using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Members;

public class ReverseProxyTests
{
    [Fact]
    public async Task BehindATrustedTlsProxyTheAuthCookieIsSecure()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("proxy@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

        // TestServer requests come from no address; the forwarded-headers middleware trusts loopback
        // proxies only, so the test sends what a local nginx would and checks the cookie flags.
        using var form = new HttpRequestMessage(HttpMethod.Get, "/compte/connexion");
        form.Headers.Add("X-Forwarded-Proto", "https");
        using var formResponse = await client.SendAsync(form);
        var antiforgery = formResponse.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("rtes.af=", StringComparison.Ordinal));
        var token = Html.Parse(await formResponse.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var login = new HttpRequestMessage(HttpMethod.Post, "/compte/connexion")
        {
            Content = new FormUrlEncodedContent([new("Email", "proxy@rtes.fr"), new("Password", Accounts.Password), new("__RequestVerificationToken", token)]),
        };
        login.Headers.Add("X-Forwarded-Proto", "https");
        login.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        using var response = await client.SendAsync(login);

        var auth = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rtes.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void TheForwardedHostHeaderIsNeverTrusted()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };

        var forwarded = site.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value.ForwardedHeaders;

        Assert.False(forwarded.HasFlag(ForwardedHeaders.XForwardedHost));
        Assert.True(forwarded.HasFlag(ForwardedHeaders.XForwardedProto));
    }

    /// <summary>
    /// Development without Email:PublicBaseUrl builds links from the request's host, the one case where
    /// that host reaches an e-mail: a forged X-Forwarded-Host must not become it.
    /// </summary>
    [Fact]
    public async Task AForgedForwardedHostChangesNeitherTheRequestHostNorTheLinksInEmails()
    {
        using var site = new DevelopmentSite();
        await site.AddUserAsync("hote@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        using var response = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "hote@rtes.fr" });
        var message = await site.WaitForNewMessageAsync("hote@rtes.fr", Accounts.ResetSubject, new HashSet<string>());

        Assert.DoesNotContain("evil.example", message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("http://localhost/compte/reinitialiser?jeton=", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", response.Headers.Location?.ToString() ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task WithThePublicAddressSetAForgedForwardedHostLeavesTheLinksAlone()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("hote@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "evil.example");

        using var response = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "hote@rtes.fr" });
        var message = await site.WaitForNewMessageAsync("hote@rtes.fr", Accounts.ResetSubject, new HashSet<string>());

        Assert.DoesNotContain("evil.example", message.TextBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("http://localhost/compte/reinitialiser?jeton=", message.TextBody, StringComparison.Ordinal);
    }

    private sealed class DevelopmentSite : RtesWebFactory
    {
        public DevelopmentSite() => SeedDemoData = false;

        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Development");
            builder.UseSetting("Email:PublicBaseUrl", "");
        }
    }
}

public class ProductionConfigurationTests
{
    [Theory]
    [InlineData("Production", "")]
    [InlineData("Staging", "")]
    [InlineData("Testing", "  ")]
    public void EveryEnvironmentButDevelopmentRefusesToStartWithoutThePublicAddressForEmailLinks(string environment, string publicBaseUrl)
    {
        using var site = new SiteIn(environment, publicBaseUrl);

        var error = Assert.Throws<OptionsValidationException>(() => site.CreateClient());

        Assert.Equal("Configuration invalide : Email:PublicBaseUrl est obligatoire hors de l'environnement Development.", RtesResources.Web.Infrastructure.StartupFailure.Describe(error));
    }

    [Fact]
    public void ThePublicAddressMustBeAnHttpAddress()
    {
        using var site = new SiteIn("Production", "ressources.rtes.fr");

        var error = Assert.Throws<OptionsValidationException>(() => site.CreateClient());

        Assert.Contains("Email:PublicBaseUrl doit être une adresse http ou https absolue", RtesResources.Web.Infrastructure.StartupFailure.Describe(error), StringComparison.Ordinal);
    }

    private sealed class SiteIn(string environment, string publicBaseUrl) : RtesWebFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, environment);
            builder.UseSetting("Email:PublicBaseUrl", publicBaseUrl);
        }
    }
}
