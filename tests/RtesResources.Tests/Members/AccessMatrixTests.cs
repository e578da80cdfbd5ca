using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Members;

/// <summary>Five kinds of visitor, signed in once through the login form, on a clock set to 26 November 2026.</summary>
public sealed class MembersSite : RtesWebFactory, IAsyncLifetime
{
    public MembersSite()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
    }

    public Dictionary<string, HttpClient> Clients { get; } = [];

    public async Task InitializeAsync()
    {
        await this.AddCollectivityAsync("Ville Adhérente", new DateOnly(2027, 6, 30));
        await this.AddCollectivityAsync("Ville Ancienne", null);
        await WithDbAsync(async db =>
        {
            var lapsed = await db.Collectivities.SingleAsync(c => c.Name == "Ville Ancienne");
            db.MembershipPeriods.Add(new MembershipPeriod { CollectivityId = lapsed.Id, StartsOn = new DateOnly(2025, 1, 1), EndsOn = new DateOnly(2025, 12, 31) });
            await db.SaveChangesAsync();
        });

        await this.AddUserAsync("membre@ville-adherente.fr", Roles.Member, "Ville Adhérente");
        await this.AddUserAsync("agent@ville-ancienne.fr", Roles.Member, "Ville Ancienne");
        await this.AddUserAsync("desactive@ville-adherente.fr", Roles.Member, "Ville Adhérente");
        await this.AddUserAsync("editrice@rtes.fr", Roles.Editor);

        Clients["anonymous"] = CreateClient(new() { AllowAutoRedirect = false });
        Clients["lapsed member"] = await this.SignedInClientAsync("agent@ville-ancienne.fr");
        Clients["deactivated account"] = await this.SignedInClientAsync("desactive@ville-adherente.fr");
        Clients["active member"] = await this.SignedInClientAsync("membre@ville-adherente.fr");
        Clients["editor"] = await this.SignedInClientAsync("editrice@rtes.fr");

        // Deactivated after signing in: the session's cookie is still valid, the access is not.
        var result = await WithServiceAsync<MembersService, OperationResult>(m => m.DeactivateUserAsync("desactive@ville-adherente.fr"));
        Assert.True(result.Succeeded);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public class AccessMatrixTests(MembersSite site) : IClassFixture<MembersSite>
{
    private static readonly string[] WithoutAccess = ["anonymous", "lapsed member", "deactivated account"];

    public static TheoryData<string> Personas => ["anonymous", "lapsed member", "deactivated account", "active member", "editor"];

    private static bool HasAccess(string persona) => !WithoutAccess.Contains(persona);

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task PublicResourceShowsItsBodyToEveryone(string persona)
    {
        var page = await site.Clients[persona].GetDocumentAsync("/ressources/" + DemoSlugs.Departements);

        Assert.Contains("Jacqueline Gourault", page.QuerySelector("#titre-contenu + .prose")?.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task PrivateResourceShowsItsBodyOnlyWithAccess(string persona)
    {
        using var response = await site.Clients[persona].GetAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        var html = await response.Content.ReadAsStringAsync();
        var page = Html.Parse(html);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HasAccess(persona), html.Contains(DemoSlugs.PrivateBodyOnlyPhrase, StringComparison.Ordinal));
        Assert.Equal(HasAccess(persona), page.QuerySelector(".attachments a") is not null);
        Assert.Equal(!HasAccess(persona), page.QuerySelector(".members-only") is not null);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task PublicFileIsServedToEveryone(string persona)
    {
        var url = await AttachmentUrlAsync(DemoSlugs.Fiche3);

        using var response = await site.Clients[persona].GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task PrivateFileIsServedOnlyWithAccess(string persona)
    {
        var url = await AttachmentUrlAsync(DemoSlugs.PrivateNewElected);

        using var response = await site.Clients[persona].GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        if (HasAccess(persona))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("%PDF-", body, StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true }, response.Headers.CacheControl?.ToString());
        }
        else
        {
            Assert.DoesNotContain("%PDF", body, StringComparison.Ordinal);
            if (persona == "anonymous")
            {
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/compte/connexion", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.Contains("Accès refusé", body, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Personas))]
    public async Task SearchMatchesAPrivateBodyOnlyWithAccess(string persona)
    {
        var page = await site.Clients[persona].GetDocumentAsync("/ressources?q=" + DemoSlugs.PrivateBodyOnlyWord);

        Assert.Equal(HasAccess(persona) ? [DemoSlugs.PrivateNewElected] : [], page.CardSlugs());
    }

    private async Task<string> AttachmentUrlAsync(string slug)
    {
        var (id, name) = await site.WithDbAsync(db => db.Attachments.Where(a => a.Resource.Slug == slug).OrderBy(a => a.Position)
            .Select(a => new ValueTuple<Guid, string>(a.Id, a.FileName)).FirstAsync());
        return $"/fichiers/{id}/{Uri.EscapeDataString(name)}";
    }
}
