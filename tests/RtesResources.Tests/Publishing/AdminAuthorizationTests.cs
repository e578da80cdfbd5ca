using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Publishing;

/// <summary>Every back-office endpoint the app maps, found from its routes, refuses anonymous visitors and Members.</summary>
public class AdminAuthorizationTests
{
    [Fact]
    public async Task EveryAdminEndpointRefusesAnonymousVisitorsAndMembers()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Curieuse", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("curieux@ville.fr", Roles.Member, "Ville Curieuse");
        using var member = await site.SignedInClientAsync("curieux@ville.fr");
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        var fileId = await site.WithDbAsync(db => db.Attachments.Select(a => a.Id).FirstAsync());
        var userId = await site.WithDbAsync(db => db.Users.Select(u => u.Id).FirstAsync());

        var endpoints = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("admin", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Pattern: e.RoutePattern.RawText!)))
            .Distinct()
            .ToList();
        Assert.True(endpoints.Count >= 40, $"Only {endpoints.Count} admin endpoints found.");

        var failures = new List<string>();
        foreach (var (method, pattern) in endpoints)
        {
            var url = "/" + System.Text.RegularExpressions.Regex.Replace(pattern, "{(?<name>[^}:]+)[^}]*}", m => m.Groups["name"].Value switch
            {
                "list" => "thematiques",
                "fileId" => fileId.ToString(),
                "id" when pattern.Contains("comptes", StringComparison.Ordinal) => userId,
                _ => "1",
            });
            using var anonymousRequest = new HttpRequestMessage(new HttpMethod(method), url);
            using var memberRequest = new HttpRequestMessage(new HttpMethod(method), url);
            using var anonymousResponse = await anonymous.SendAsync(anonymousRequest);
            using var memberResponse = await member.SendAsync(memberRequest);

            if (anonymousResponse.StatusCode != HttpStatusCode.Redirect || anonymousResponse.Headers.Location?.AbsolutePath != "/compte/connexion")
            {
                failures.Add($"{method} {url} anonymous: {(int)anonymousResponse.StatusCode} {anonymousResponse.Headers.Location}");
            }

            if (memberResponse.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {url} member: {(int)memberResponse.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task ACollectionReadsInItsOwnOrder()
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var kit = await db.Series.SingleAsync(s => s.Slug == "kit-municipaless");
            var kind = await db.ResourceKinds.SingleAsync(k => k.Slug == "fiche");
            foreach (var (number, year) in new[] { (1, 2025), (2, 2019) })
            {
                db.Resources.Add(new RtesResources.Web.Domain.Resource
                {
                    Slug = $"fiche-{number}",
                    Title = $"Fiche n°{number}",
                    Kind = kind,
                    Series = kit,
                    SeriesNumber = number,
                    PublishedOn = new DateOnly(year, 1, 1),
                    PublishAt = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
                });
            }

            await db.SaveChangesAsync();
        });
        using var client = site.CreateClient();

        var page = await client.GetDocumentAsync("/ressources?serie=kit-municipaless");

        Assert.Equal(["fiche-1", "fiche-2", DemoSlugs.Fiche3], page.CardSlugs());
    }
}
