using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Members;

public class AccountSecurityTests
{
    [Fact]
    public async Task FiveFailuresLockTheAccountEvenAgainstTheRightPassword()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("cible@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        for (var i = 0; i < 5; i++)
        {
            using var failure = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "cible@rtes.fr", ["Password"] = $"mauvais essai {i}" });
            Assert.Equal(HttpStatusCode.OK, failure.StatusCode);
        }

        using var locked = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "cible@rtes.fr", ["Password"] = Accounts.Password });
        var lockoutEnd = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "cible@rtes.fr").Select(u => u.LockoutEnd).SingleAsync());

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("verrouillé pendant 15 minutes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(lockoutEnd);
        Assert.InRange(lockoutEnd.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task TooManyPostsFromOneAddressGetA429()
    {
        using var site = new RtesWebFactory { SeedDemoData = false, FormPostsPerMinute = 3 };
        using var client = site.CreateClient();
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 4; i++)
        {
            using var response = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = $"x{i}@rtes.fr" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var page = Html.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal("Trop de demandes", page.QuerySelector("h1")?.TextContent);
                Assert.Equal("60", response.Headers.RetryAfter?.ToString());
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task ResetAnswersTheSameWhetherOrNotTheAccountExists()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("existe@rtes.fr", Roles.Editor);
        using var client = site.CreateClient();

        using var known = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "existe@rtes.fr" });
        using var unknown = await client.PostFormAsync("/compte/mot-de-passe-oublie", "/compte/mot-de-passe-oublie", new() { ["Email"] = "inconnu@rtes.fr" });

        var knownText = Html.Parse(await known.Content.ReadAsStringAsync()).MainText().Replace("existe@rtes.fr", "@", StringComparison.Ordinal);
        var unknownText = Html.Parse(await unknown.Content.ReadAsStringAsync()).MainText().Replace("inconnu@rtes.fr", "@", StringComparison.Ordinal);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(knownText, unknownText);
    }

    [Fact]
    public async Task SignInAnswersAndHashesTheSameForAnUnknownAddressAndAWrongPassword()
    {
        var hasher = new CountingPasswordHasher();
        using var site = new CountingSite(hasher);
        await site.AddUserAsync("connu@rtes.fr", Roles.Editor);
        using var client = site.CreateClient();

        hasher.Verifications = 0;
        using var unknown = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "inconnu@rtes.fr", ["Password"] = "quelque chose de long" });
        var unknownHashes = hasher.Verifications;
        hasher.Verifications = 0;
        using var wrong = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "connu@rtes.fr", ["Password"] = "quelque chose de long" });
        var wrongHashes = hasher.Verifications;

        var unknownError = Html.Parse(await unknown.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent;
        var wrongError = Html.Parse(await wrong.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent;
        Assert.Equal(wrongError, unknownError);
        Assert.Contains("Adresse e-mail ou mot de passe incorrect", unknownError, StringComparison.Ordinal);
        Assert.Equal(1, unknownHashes);
        Assert.Equal(1, wrongHashes);
    }

    [Fact]
    public async Task AccessRequestAnswersTheSameForAnExistingAccount()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("deja@rtes.fr", Roles.Editor);
        using var client = site.CreateClient();

        static Dictionary<string, string> Form(string email) => new() { ["FullName"] = "Alex Martin", ["Email"] = email, ["CollectivityName"] = "Ville Test" };
        using var existing = await client.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", Form("deja@rtes.fr"));
        using var fresh = await client.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", Form("nouveau@ville-test.fr"));

        Assert.Equal(Html.Parse(await existing.Content.ReadAsStringAsync()).MainText(), Html.Parse(await fresh.Content.ReadAsStringAsync()).MainText());
        // Recorded after the response, by the background worker.
        Assert.Equal(["nouveau@ville-test.fr"], await Eventually.ValueAsync(() => site.WithDbAsync(db => db.AccessRequests.Select(r => r.Email).ToListAsync()), r => r.Count > 0, TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("/compte/connexion")]
    [InlineData("/compte/deconnexion")]
    [InlineData("/compte/mot-de-passe-oublie")]
    [InlineData("/compte/demander-un-acces")]
    [InlineData("/compte/activer")]
    [InlineData("/compte/suppression")]
    public async Task PostsWithoutTheAntiforgeryTokenAreRejected(string url)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("csrf@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("csrf@rtes.fr");

        using var response = await client.PostAsync(url, new FormUrlEncodedContent([new("Email", "csrf@rtes.fr"), new("Password", Accounts.Password)]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Requête incorrecte", Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent);
        Assert.Null(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "csrf@rtes.fr").Select(u => u.DeletionRequestedAt).SingleAsync()));
    }

    [Theory]
    [InlineData("", "", "Indiquez votre adresse e-mail.")]
    [InlineData("pas-une-adresse", "x", "Cette adresse e-mail n'est pas valide.")]
    [InlineData("a@b.fr", "", "Indiquez votre mot de passe.")]
    public async Task LoginFormSaysWhatIsWrongInFrench(string email, string password, string expected)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient();

        using var response = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = email, ["Password"] = password });
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal(email, page.QuerySelector("#Email")?.GetAttribute("value") ?? "");
        Assert.Null(page.QuerySelector("#Password")?.GetAttribute("value"));
    }

    [Fact]
    public async Task AccountCookieIsHttpOnlyAndLax()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("cookie@rtes.fr", Roles.Editor);
        using var client = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/compte/connexion");
        var antiforgeryCookie = form.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("rtes.af=", StringComparison.Ordinal));
        var token = Html.Parse(await form.Content.ReadAsStringAsync()).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/compte/connexion")
        {
            Content = new FormUrlEncodedContent([new("Email", "cookie@rtes.fr"), new("Password", Accounts.Password), new("__RequestVerificationToken", token)]),
        };
        request.Headers.Add("Cookie", antiforgeryCookie.Split(';')[0]);
        using var response = await client.SendAsync(request);
        var authCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("rtes.auth=", StringComparison.Ordinal));

        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", authCookie, StringComparison.OrdinalIgnoreCase);
    }
}
