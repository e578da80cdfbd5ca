using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Members;

public class MembershipLapseTests
{
    [Fact]
    public async Task MembershipEndingAtMidnightInParisRevokesAccessOnTheNextRequest()
    {
        // 31 December 2026, 23:30 in Paris (UTC+1): the membership's last day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 22, 30, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Annuelle", new DateOnly(2026, 12, 31));
        await site.AddUserAsync("agent@ville-annuelle.fr", Roles.Member, "Ville Annuelle");
        using var client = await site.SignedInClientAsync("agent@ville-annuelle.fr");

        var before = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        clock.Advance(TimeSpan.FromMinutes(45));
        var after = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        var space = await client.GetDocumentAsync("/compte");

        Assert.Contains(DemoSlugs.PrivateBodyOnlyPhrase, before, StringComparison.Ordinal);
        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, after, StringComparison.Ordinal);
        Assert.Contains("Votre compte n'y a pas accès", after, StringComparison.Ordinal);
        Assert.Contains("terminée le 31 décembre 2026", space.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenewingRestoresAccessAtOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Renouvelée", new DateOnly(2026, 11, 30));
        await site.AddUserAsync("agent@ville-renouvelee.fr", Roles.Member, "Ville Renouvelée");
        using var client = await site.SignedInClientAsync("agent@ville-renouvelee.fr");
        clock.Advance(TimeSpan.FromDays(10));
        var lapsed = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);

        var renewal = await site.WithServiceAsync<MembersService, OperationResult>(m => m.RenewAsync("Ville Renouvelée", new DateOnly(2027, 12, 31)));
        var renewed = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);

        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, lapsed, StringComparison.Ordinal);
        Assert.True(renewal.Succeeded, renewal.Message);
        Assert.Contains(DemoSlugs.PrivateBodyOnlyPhrase, renewed, StringComparison.Ordinal);
        var periods = await site.WithDbAsync(db => db.MembershipPeriods.Where(p => p.Collectivity.Name == "Ville Renouvelée").OrderBy(p => p.StartsOn).ToListAsync());
        Assert.Equal(2, periods.Count);
        Assert.Equal(new DateOnly(2026, 12, 6), periods[1].StartsOn);
    }

    [Fact]
    public async Task DeactivatedAccountLosesAccessAtOnceAndItsSessionWithinMinutes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddCollectivityAsync("Ville Active", new DateOnly(2027, 12, 31));
        await site.AddUserAsync("agent@ville-active.fr", Roles.Member, "Ville Active");
        using var client = await site.SignedInClientAsync("agent@ville-active.fr");

        await site.WithServiceAsync<MembersService, OperationResult>(m => m.DeactivateUserAsync("agent@ville-active.fr"));
        var page = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        clock.Advance(TimeSpan.FromMinutes(6));
        using var space = await client.GetAsync("/compte");

        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, space.StatusCode);
        Assert.StartsWith("/compte/connexion", space.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeactivatedCollectivityEndsItsAgentsAccessAndSignIn()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Fermée", new DateOnly(2099, 12, 31));
        await site.AddUserAsync("agent@ville-fermee.fr", Roles.Member, "Ville Fermée");
        using var client = await site.SignedInClientAsync("agent@ville-fermee.fr");

        await site.WithServiceAsync<MembersService, OperationResult>(m => m.DeactivateCollectivityAsync("Ville Fermée"));
        var page = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var login = await anonymous.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "agent@ville-fermee.fr", ["Password"] = Accounts.Password });

        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("Adresse e-mail ou mot de passe incorrect", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
