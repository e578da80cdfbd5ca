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
}

public class ProductionConfigurationTests
{
    [Fact]
    public void ProductionRefusesToStartWithoutThePublicAddressForEmailLinks()
    {
        using var site = new ProductionSite();

        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        Assert.Contains("Email:PublicBaseUrl", error.ToString(), StringComparison.Ordinal);
    }

    private sealed class ProductionSite : RtesWebFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseEnvironment(builder, "Production");
            builder.UseSetting("Email:PublicBaseUrl", "");
        }
    }
}
