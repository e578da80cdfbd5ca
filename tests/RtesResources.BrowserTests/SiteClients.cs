using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.BrowserTests;

/// <summary>Plain HTTP clients against the Kestrel site, signed in through the real forms.</summary>
public static partial class SiteClients
{
    public const string Password = "une phrase pour le validateur";

    public static async Task<HttpClient> SignedInAsync(BrowserSite site, string email, string role, string? collectivity)
    {
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            if (collectivity is not null)
            {
                await members.AddCollectivityAsync(collectivity, CollectivityKind.Commune, new DateOnly(2099, 12, 31));
            }

            await members.InviteAsync(email, role, collectivity, null, null);
            Assert.True((await members.SetPasswordAsync(email, Password)).Succeeded);
        }

        var client = NewClient(site);
        Assert.Equal("", await PostWithTokenAsync(client, "/compte/connexion", [new("Email", email), new("Password", Password)]));
        return client;
    }

    public static async Task<HttpClient> SignedInAdminAsync(BrowserSite site, string email)
    {
        string code;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var members = scope.ServiceProvider.GetRequiredService<MembersService>();
            await members.AddCollectivityAsync("Ville de " + email, CollectivityKind.Commune, new DateOnly(2099, 12, 31));
            await members.InviteAsync(email, Roles.Admin, null, null, null);
            Assert.True((await members.SetPasswordAsync(email, Password)).Succeeded);
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var admin = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(admin);
            await users.SetTwoFactorEnabledAsync(admin, true);
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(admin, 1))!.Single();
        }

        var client = NewClient(site);
        await PostWithTokenAsync(client, "/compte/connexion", [new("Email", email), new("Password", Password)]);
        Assert.Equal("", await PostWithTokenAsync(client, "/compte/connexion/code", [new("Code", code), new("ReturnUrl", "/admin")]));
        return client;
    }

    /// <summary>GETs the form for its antiforgery token, POSTs the fields, returns the page sent back (empty for a redirect).</summary>
    public static async Task<string> PostWithTokenAsync(HttpClient client, string url, KeyValuePair<string, string>[] fields)
    {
        var token = await TokenAsync(client, url);
        using var response = await client.PostAsync(url, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
        return await response.Content.ReadAsStringAsync();
    }

    public static async Task<string> TokenAsync(HttpClient client, string url) =>
        TokenPattern().Match(await client.GetStringAsync(url)).Groups[1].Value;

    private static HttpClient NewClient(BrowserSite site) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = site.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
