using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Members;

/// <summary>The operators' commands, run against the app's services as the executable runs them.</summary>
public class MemberCommandTests
{
    private static async Task<(int Code, string Output, string Error)> RunAsync(RtesWebFactory site, string stdin, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new StringReader(stdin);
        var code = await CommandLine.RunAsync(site.Services, args, output, error, input);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task CollectivityIsAddedRenewedAndDeactivated()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { SeedDemoData = false, Clock = clock };

        var added = await RunAsync(site, "", "collectivities", "add", "--name", "Métropole de Test", "--kind", "Métropole", "--member-until", "2026-12-31", "--siren", "123456789");
        var renewed = await RunAsync(site, "", "collectivities", "renew", "--name", "Métropole de Test", "--until", "2027-12-31");
        var deactivated = await RunAsync(site, "", "collectivities", "deactivate", "--name", "Métropole de Test");

        Assert.True(added.Code == 0, added.Error);
        Assert.True(renewed.Code == 0, renewed.Error);
        Assert.True(deactivated.Code == 0, deactivated.Error);
        Assert.Contains("du 1 janvier 2027 au 31 décembre 2027", renewed.Output, StringComparison.Ordinal);
        var collectivity = await site.WithDbAsync(db => db.Collectivities.Include(c => c.Memberships).SingleAsync());
        Assert.Equal(CollectivityKind.Metropole, collectivity.Kind);
        Assert.Equal("123456789", collectivity.Siren);
        Assert.False(collectivity.IsActive);
        Assert.Equal([new DateOnly(2026, 12, 31), new DateOnly(2027, 12, 31)], collectivity.Memberships.OrderBy(p => p.EndsOn).Select(p => p.EndsOn));
    }

    [Fact]
    public async Task PastMembershipPeriodsAreRecordedAsHistoryAndNeverGrantAccess()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };

        var added = await RunAsync(site, "", "collectivities", "add", "--name", "Ville Ancienne", "--kind", "commune", "--member-from", "2020-01-01", "--member-until", "2022-12-31");
        var period = await RunAsync(site, "", "collectivities", "add-period", "--name", "Ville Ancienne", "--from", "2023-01-01", "--until", "2023-12-31");
        var overlapping = await RunAsync(site, "", "collectivities", "add-period", "--name", "Ville Ancienne", "--from", "2022-06-01", "--until", "2023-02-28");
        var backwards = await RunAsync(site, "", "collectivities", "add-period", "--name", "Ville Ancienne", "--from", "2024-06-01", "--until", "2024-01-31");
        var pastWithoutStart = await RunAsync(site, "", "collectivities", "add", "--name", "Ville Oubliée", "--kind", "commune", "--member-until", "2025-01-01");
        var startWithoutEnd = await RunAsync(site, "", "collectivities", "add", "--name", "Ville Oubliée", "--kind", "commune", "--member-from", "2025-01-01");
        await site.AddUserAsync("agent@ville-ancienne.fr", RtesResources.Web.Authorization.Roles.Member, "Ville Ancienne");
        using var client = await site.SignedInClientAsync("agent@ville-ancienne.fr");
        var page = await client.GetStringAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        var access = await site.WithServiceAsync<RtesResources.Web.Authorization.PrivateAccessEvaluator, bool>(async evaluator =>
        {
            var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "agent@ville-ancienne.fr").Select(u => u.Id).SingleAsync());
            var user = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.NameIdentifier, userId), new(System.Security.Claims.ClaimTypes.Role, RtesResources.Web.Authorization.Roles.Member)], "test"));
            return await evaluator.HasPrivateAccessAsync(user);
        });

        Assert.True(added.Code == 0, added.Error);
        Assert.Contains("adhésion passée du 1 janvier 2020 au 31 décembre 2022 (historique, sans accès)", added.Output, StringComparison.Ordinal);
        Assert.True(period.Code == 0, period.Error);
        Assert.Contains("historique : elle ne donne pas accès", period.Output, StringComparison.Ordinal);
        Assert.Equal(1, overlapping.Code);
        Assert.Contains("chevauche celle du 1 janvier 2020 au 31 décembre 2022", overlapping.Error, StringComparison.Ordinal);
        Assert.Equal(1, backwards.Code);
        Assert.Contains("précède son début", backwards.Error, StringComparison.Ordinal);
        Assert.Equal(1, pastWithoutStart.Code);
        Assert.Contains("indiquez aussi la date de début", pastWithoutStart.Error, StringComparison.Ordinal);
        Assert.Equal(2, startWithoutEnd.Code);
        Assert.Contains("--member-from demande aussi --member-until", startWithoutEnd.Error, StringComparison.Ordinal);
        var periods = await site.WithDbAsync(db => db.MembershipPeriods.OrderBy(p => p.StartsOn).Select(p => new { p.StartsOn, p.EndsOn }).ToListAsync());
        Assert.Equal([new { StartsOn = new DateOnly(2020, 1, 1), EndsOn = new DateOnly(2022, 12, 31) }, new { StartsOn = new DateOnly(2023, 1, 1), EndsOn = new DateOnly(2023, 12, 31) }], periods);
        Assert.DoesNotContain(DemoSlugs.PrivateBodyOnlyPhrase, page, StringComparison.Ordinal);
        Assert.False(access);
    }

    [Theory]
    [InlineData("collectivities add --name X", "Option obligatoire manquante : --kind.")]
    [InlineData("collectivities add --name X --kind canton", "Type inconnu « canton »")]
    [InlineData("collectivities add --name X --kind commune --member-until 31/12/2026", "--member-until attend une date AAAA-MM-JJ, pas « 31/12/2026 »")]
    [InlineData("collectivities add --name X --kind commune --color red", "Option inconnue « --color ».")]
    [InlineData("collectivities renew --name Inconnue --until 2027-01-01", "Aucune collectivité")]
    [InlineData("users add --email pas-une-adresse --role Member", "n'est pas une adresse e-mail valide")]
    [InlineData("users add --email a@b.fr --role Chef", "Rôle inconnu")]
    [InlineData("users add --email a@b.fr --role Member", "appartient à une collectivité")]
    [InlineData("users set-password --email a@b.fr --password secret", "Option inconnue « --password ». Vouliez-vous dire « --password-stdin » ?")]
    [InlineData("users set-password --email a@b.fr", "--password-stdin")]
    [InlineData("users deactivate", "Option obligatoire manquante : --email.")]
    [InlineData("users frobnicate", "Commande inconnue « frobnicate » pour « users ».")]
    [InlineData("access-requests approve", "Argument obligatoire manquant")]
    [InlineData("access-requests approve abc", "« abc » n'est pas un numéro de demande.")]
    [InlineData("access-requests reject 42", "Aucune demande en attente")]
    [InlineData("users add --email --role Member", "--email attend une valeur.")]
    public async Task BadArgumentsFailWithAClearMessage(string commandLine, string expected)
    {
        using var site = new RtesWebFactory { SeedDemoData = false };

        var result = await RunAsync(site, "", commandLine.Split(' '));

        Assert.NotEqual(0, result.Code);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserIsInvitedByEmailAndNoPasswordIsPrintedOrSent()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await RunAsync(site, "", "collectivities", "add", "--name", "Ville CLI", "--kind", "commune", "--member-until", "2099-01-01");

        var result = await RunAsync(site, "", "users", "add", "--email", "agent@ville-cli.fr", "--role", "member", "--collectivity", "Ville CLI", "--name", "Dominique Agent");

        Assert.True(result.Code == 0, result.Error);
        Assert.DoesNotContain("jeton", result.Output, StringComparison.Ordinal);
        var message = Assert.Single(site.MessagesTo("agent@ville-cli.fr"));
        Assert.Contains("/compte/activer?jeton=", message.TextBody, StringComparison.Ordinal);
        Assert.Null(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "agent@ville-cli.fr").Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task PasswordIsReadFromStandardInputAndValidated()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await RunAsync(site, "", "users", "add", "--email", "ops@rtes.fr", "--role", "Editor");

        var weak = await RunAsync(site, "azerty\n", "users", "set-password", "--email", "ops@rtes.fr", "--password-stdin");
        var strong = await RunAsync(site, "une phrase choisie par l'opérateur\n", "users", "set-password", "--email", "ops@rtes.fr", "--password-stdin");

        Assert.Equal(1, weak.Code);
        Assert.Contains("au moins 12 caractères", weak.Error, StringComparison.Ordinal);
        Assert.True(strong.Code == 0, strong.Error);
        using var client = await site.SignedInClientAsync("ops@rtes.fr", "une phrase choisie par l'opérateur");
    }

    [Fact]
    public async Task AccessRequestIsListedThenApprovedIntoAnInvitation()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient();
        await client.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", new()
        {
            ["FullName"] = "Sacha Durand",
            ["Email"] = "sacha@ville-demandeuse.fr",
            ["CollectivityName"] = "Ville Demandeuse",
            ["JobTitle"] = "Chargée de mission ESS",
        });
        await client.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", new()
        {
            ["FullName"] = "Refus Test",
            ["Email"] = "refus@ailleurs.fr",
            ["CollectivityName"] = "Ailleurs",
        });
        // Requests are recorded after the response, by the background worker.
        var ids = await Eventually.ValueAsync(() => site.WithDbAsync(db => db.AccessRequests.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync()), r => r.Count == 2, TimeSpan.FromSeconds(10));

        var list = await RunAsync(site, "", "access-requests", "list");
        var approved = await RunAsync(site, "", "access-requests", "approve", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        var rejected = await RunAsync(site, "", "access-requests", "reject", ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture), "--message", "Collectivité non adhérente");
        var again = await RunAsync(site, "", "access-requests", "list");

        Assert.Contains("sacha@ville-demandeuse.fr", list.Output, StringComparison.Ordinal);
        Assert.Contains("Ville Demandeuse", list.Output, StringComparison.Ordinal);
        Assert.True(approved.Code == 0, approved.Error);
        Assert.True(rejected.Code == 0, rejected.Error);
        Assert.Contains("Aucune demande d'accès en attente", again.Output, StringComparison.Ordinal);
        Assert.Single(site.MessagesTo("sacha@ville-demandeuse.fr"));
        var refusal = Assert.Single(site.MessagesTo("refus@ailleurs.fr"));
        Assert.Equal("Votre demande d'accès au centre de ressources du RTES", refusal.Subject);
        Assert.Contains("Collectivité non adhérente", refusal.TextBody, StringComparison.Ordinal);
        Assert.Contains("informé·e par e-mail", rejected.Output, StringComparison.Ordinal);
        var user = await site.WithDbAsync(db => db.Users.Include(u => u.Collectivity).SingleAsync(u => u.Email == "sacha@ville-demandeuse.fr"));
        Assert.Equal("Ville Demandeuse", user.Collectivity?.Name);
    }

    [Fact]
    public async Task AccessRequestFormSaysWhatIsMissingInFrench()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient();

        using var response = await client.PostFormAsync("/compte/demander-un-acces", "/compte/demander-un-acces", new() { ["FullName"] = "", ["Email"] = "x", ["CollectivityName"] = new string('a', 300) });
        var summary = Html.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".error-summary")!.TextContent;

        Assert.Contains("Indiquez votre nom.", summary, StringComparison.Ordinal);
        Assert.Contains("Cette adresse e-mail n'est pas valide.", summary, StringComparison.Ordinal);
        Assert.Contains("200 caractères au plus", summary, StringComparison.Ordinal);
        Assert.Equal(0, await site.WithDbAsync(db => db.AccessRequests.CountAsync()));
    }
}
