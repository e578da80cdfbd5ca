using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Infrastructure;

/// <summary>Creates collectivities and accounts through the app's own services, and signs in through its pages.</summary>
public static class Accounts
{
    public const string Password = "une phrase de passe solide";

    public static async Task AddCollectivityAsync(this RtesWebFactory site, string name, DateOnly? memberUntil, CollectivityKind kind = CollectivityKind.Commune)
    {
        var result = await site.WithServiceAsync<MembersService, OperationResult>(m => m.AddCollectivityAsync(name, kind, memberUntil));
        Assert.True(result.Succeeded, result.Message);
    }

    /// <summary>An active account with a password (as if activated), in the given role and collectivity.</summary>
    public static async Task<string> AddUserAsync(this RtesWebFactory site, string email, string role, string? collectivity = null)
    {
        var invitation = await site.WithServiceAsync<MembersService, InvitationResult>(m => m.InviteAsync(email, role, collectivity, null, null));
        Assert.True(invitation.Succeeded, invitation.Message);
        var set = await site.WithServiceAsync<MembersService, OperationResult>(m => m.SetPasswordAsync(email, Password));
        Assert.True(set.Succeeded, set.Message);
        return email;
    }

    /// <summary>A client with its own cookies, signed in through the login form.</summary>
    public static async Task<HttpClient> SignedInClientAsync(this RtesWebFactory site, string email, string password = Password)
    {
        var client = site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = email, ["Password"] = password });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>An Admin with two-factor authentication on (required for Admins), signed in with a recovery code.</summary>
    public static async Task<HttpClient> SignedInAdminClientAsync(this RtesWebFactory site, string email)
    {
        await site.AddUserAsync(email, RtesResources.Web.Authorization.Roles.Admin);
        string code;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            var admin = (await users.FindByEmailAsync(email))!;
            await users.ResetAuthenticatorKeyAsync(admin);
            await users.SetTwoFactorEnabledAsync(admin, true);
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(admin, 1))!.Single();
        }

        var client = site.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var step = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = email, ["Password"] = Password });
        using var done = await client.PostFormAsync(step.Headers.Location!.OriginalString, "/compte/connexion/code", new() { ["Code"] = code, ["ReturnUrl"] = "/admin" });
        Assert.True(done.StatusCode == HttpStatusCode.Redirect, $"Admin sign-in of {email} failed.");
        return client;
    }

    /// <summary>GETs the form page for its antiforgery token, then POSTs the fields with it.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync(formPage);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {formPage}.");
        var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await client.PostAsync(action, content);
    }

    /// <summary>The text of the e-mails received for an address, decoded.</summary>
    public static IReadOnlyList<MimeMessage> MessagesTo(this RtesWebFactory site, string email) =>
        site.Smtp.ReceivedEmail
            .Where(m => m.ToAddresses.Any(a => string.Equals(a.Address, email, StringComparison.OrdinalIgnoreCase)))
            .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
            .ToList();

    public const string ResetSubject = "Réinitialisation de votre mot de passe";

    /// <summary>
    /// Waits (on the condition, not on time) for an e-mail with this subject that is not among
    /// <paramref name="seen"/>, records it there and returns it: the app sends some after its response,
    /// and the SMTP server does not keep them in order.
    /// </summary>
    public static async Task<MimeMessage> WaitForNewMessageAsync(this RtesWebFactory site, string email, string subject, ISet<string> seen)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var fresh = site.MessagesTo(email).FirstOrDefault(m => m.Subject == subject && !seen.Contains(m.MessageId ?? ""));
            if (fresh is not null)
            {
                seen.Add(fresh.MessageId ?? "");
                return fresh;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>The link an account e-mail carries, as a path and query on this site.</summary>
    public static string LinkIn(MimeMessage message)
    {
        var text = message.TextBody ?? "";
        var start = text.IndexOf("http://localhost/", StringComparison.Ordinal);
        Assert.True(start >= 0, "No link in: " + text);
        var end = text.IndexOfAny([' ', '\r', '\n'], start);
        return text[(start + "http://localhost".Length)..(end < 0 ? text.Length : end)];
    }

    public static T Service<T>(this RtesWebFactory site)
        where T : notnull => site.Services.GetRequiredService<T>();
}
