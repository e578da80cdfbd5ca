using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Members;

public class MySpaceTests
{
    [Fact]
    public async Task ShowsCollectivityMembershipAndNewPrivateResourcesSinceTheLastVisit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Curieuse", new DateOnly(2027, 3, 31), CollectivityKind.Intercommunalite);
        await site.AddUserAsync("curieuse@ville.fr", Roles.Member, "Ville Curieuse");
        using var client = await site.SignedInClientAsync("curieuse@ville.fr");

        var first = await client.GetDocumentAsync("/compte");
        clock.Advance(TimeSpan.FromDays(1));
        await site.WithDbAsync(async db =>
        {
            db.Resources.Add(new Resource
            {
                Slug = "nouvelle-conference-privee",
                Title = "Nouvelle conférence privée",
                KindId = await db.ResourceKinds.Where(k => k.Slug == "conference-en-ligne").Select(k => k.Id).SingleAsync(),
                IsPrivate = true,
                SummaryMarkdown = "Résumé.",
                PublishedOn = new DateOnly(2026, 11, 27),
                PublishAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        });
        var second = await client.GetDocumentAsync("/compte");
        var third = await client.GetDocumentAsync("/compte");

        Assert.Equal("Mon espace", first.QuerySelector("h1")?.TextContent);
        Assert.Contains("Ville Curieuse (Intercommunalité)", first.MainText(), StringComparison.Ordinal);
        Assert.Contains("à jour jusqu'au 31 mars 2027", first.MainText(), StringComparison.Ordinal);
        Assert.Empty(first.CardSlugs());
        Assert.Equal(["nouvelle-conference-privee"], second.CardSlugs());
        Assert.Empty(third.CardSlugs());
    }

    [Fact]
    public async Task LapsedMemberIsToldHowToRenew()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };
        await site.AddCollectivityAsync("Ville Distraite", new DateOnly(2026, 11, 30));
        await site.AddUserAsync("distraite@ville.fr", Roles.Member, "Ville Distraite");
        using var client = await site.SignedInClientAsync("distraite@ville.fr");
        clock.Advance(TimeSpan.FromDays(5));

        var page = await client.GetDocumentAsync("/compte");

        Assert.Contains("terminée le 30 novembre 2026", page.MainText(), StringComparison.Ordinal);
        Assert.Contains("n'a pas accès aux ressources réservées", page.MainText(), StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[href='https://www.rtes.fr/']"));
    }

    [Fact]
    public async Task ExportsThePersonsDataAsJson()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddCollectivityAsync("Ville Exportée", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("export@ville.fr", Roles.Member, "Ville Exportée");
        using var client = await site.SignedInClientAsync("export@ville.fr");

        using var response = await client.GetAsync("/compte/mes-donnees");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("mes-donnees-rtes.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("export@ville.fr", json.RootElement.GetProperty("account").GetProperty("email").GetString());
        Assert.Equal("Ville Exportée", json.RootElement.GetProperty("collectivity").GetProperty("name").GetString());
        Assert.DoesNotContain("PasswordHash", json.RootElement.GetRawText(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AQAAAA", json.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletionRequestIsRecorded()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("partir@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("partir@rtes.fr");

        using var response = await client.PostFormAsync("/compte", "/compte/suppression", []);
        var page = await client.GetDocumentAsync("/compte");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotNull(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "partir@rtes.fr").Select(u => u.DeletionRequestedAt).SingleAsync()));
        Assert.Contains("Vous avez demandé la suppression de votre compte", page.MainText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/compte")]
    [InlineData("/compte/mes-donnees")]
    [InlineData("/compte/mot-de-passe")]
    [InlineData("/compte/double-authentification")]
    public async Task AccountPagesSendAnonymousVisitorsToTheLogin(string url)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/compte/connexion?ReturnUrl=" + Uri.EscapeDataString(url), response.Headers.Location?.PathAndQuery);
    }
}
