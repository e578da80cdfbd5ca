using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Publishing;

/// <summary>What the public sees is decided at query time from PublishAt and DeletedAt.</summary>
public class VisibilityTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static async Task AddAsync(RtesWebFactory site, string slug, DateTime? publishAt, DateTime? deletedAt = null, bool withFile = false)
    {
        await site.WithDbAsync(async db =>
        {
            var resource = new Resource
            {
                Slug = slug,
                Title = "Ressource " + slug,
                KindId = await db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Id).SingleAsync(),
                SummaryMarkdown = "Résumé de " + slug + " avec le mot zanzibar.",
                PublishedOn = new DateOnly(2026, 11, 1),
                PublishAt = publishAt,
                DeletedAt = deletedAt,
            };
            db.Resources.Add(resource);
            if (withFile)
            {
                db.Attachments.Add(new Attachment
                {
                    Id = Guid.NewGuid(),
                    Resource = resource,
                    Label = "Pièce",
                    FileName = "piece.pdf",
                    ContentType = "application/pdf",
                    Sha256 = new string('0', 64),
                    StorageKey = new string('a', 32) + ".bin",
                });
            }

            await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task DraftsScheduledAndBinnedResourcesAreHiddenEverywhere()
    {
        var clock = new FakeTimeProvider(Start);
        using var site = new RtesWebFactory { Clock = clock };
        await AddAsync(site, "brouillon", publishAt: null, withFile: true);
        await AddAsync(site, "programmee", publishAt: Start.UtcDateTime.AddHours(2));
        await AddAsync(site, "a-la-corbeille", publishAt: Start.UtcDateTime.AddDays(-3), deletedAt: Start.UtcDateTime.AddDays(-1));
        await AddAsync(site, "publiee", publishAt: Start.UtcDateTime.AddMinutes(-1));
        using var client = site.CreateClient();

        var search = await client.GetDocumentAsync("/ressources?q=zanzibar");
        var catalogue = await client.GetDocumentAsync("/ressources?type=fiche");
        var fileId = await site.WithDbAsync(db => db.Attachments.Where(a => a.Resource.Slug == "brouillon").Select(a => a.Id).SingleAsync());

        Assert.Equal(["publiee"], search.CardSlugs());
        Assert.Equal("Fiche (2)", catalogue.SelectOptions("type")["fiche"]);
        foreach (var slug in new[] { "brouillon", "programmee", "a-la-corbeille" })
        {
            using var page = await client.GetAsync("/ressources/" + slug);
            Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        }

        using var file = await client.GetAsync($"/fichiers/{fileId}/piece.pdf");
        Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
    }

    [Fact]
    public async Task ScheduledResourceAppearsWhenItsTimeComesWithoutAnyJob()
    {
        var clock = new FakeTimeProvider(Start);
        using var site = new RtesWebFactory { Clock = clock };
        await AddAsync(site, "a-venir", publishAt: Start.UtcDateTime.AddHours(2));
        using var client = site.CreateClient();

        using var before = await client.GetAsync("/ressources/a-venir");
        clock.Advance(TimeSpan.FromHours(2));
        using var after = await client.GetAsync("/ressources/a-venir");
        var list = await client.GetDocumentAsync("/ressources?q=zanzibar");

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(["a-venir"], list.CardSlugs());
    }

    [Fact]
    public async Task StaffPreviewADraftWithItsStatusPrivately()
    {
        using var site = new RtesWebFactory();
        await AddAsync(site, "brouillon-interne", publishAt: null);
        await site.AddUserAsync("editeur@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("editeur@rtes.fr");

        using var response = await editor.GetAsync("/ressources/brouillon-interne");
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Brouillon", page.QuerySelector(".status-banner")?.TextContent, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task OldSlugAnswersAPermanentRedirectToTheCurrentOne()
    {
        using var site = new RtesWebFactory();
        await site.WithDbAsync(async db =>
        {
            var fiche = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            db.ResourceSlugRedirects.Add(new ResourceSlugRedirect { OldSlug = "fiche-3", Resource = fiche });
            await db.SaveChangesAsync();
        });
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/ressources/fiche-3");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/ressources/" + DemoSlugs.Fiche3, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task OldSlugRedirectsOnlyToAResourceTheVisitorMaySee()
    {
        var clock = new FakeTimeProvider(Start);
        using var site = new RtesWebFactory { Clock = clock };
        string[] slugs = ["brouillon", "programmee", "a-la-corbeille", "publiee"];
        await AddAsync(site, "brouillon", publishAt: null);
        await AddAsync(site, "programmee", publishAt: Start.UtcDateTime.AddHours(2));
        await AddAsync(site, "a-la-corbeille", publishAt: Start.UtcDateTime.AddDays(-3), deletedAt: Start.UtcDateTime.AddDays(-1));
        await AddAsync(site, "publiee", publishAt: Start.UtcDateTime.AddMinutes(-1));
        await site.WithDbAsync(async db =>
        {
            foreach (var resource in await db.Resources.Where(r => slugs.Contains(r.Slug)).ToListAsync())
            {
                db.ResourceSlugRedirects.Add(new ResourceSlugRedirect { OldSlug = "ancien-" + resource.Slug, Resource = resource });
            }

            await db.SaveChangesAsync();
        });
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var editor = await site.SignedInClientAsync("editrice@rtes.fr");

        foreach (var slug in slugs)
        {
            using var visitor = await anonymous.GetAsync("/ressources/ancien-" + slug);
            using var staff = await editor.GetAsync("/ressources/ancien-" + slug);

            // An old address must not reveal that an unpublished resource exists, nor its new slug.
            Assert.Equal(slug == "publiee" ? HttpStatusCode.MovedPermanently : HttpStatusCode.NotFound, visitor.StatusCode);
            Assert.Equal(HttpStatusCode.MovedPermanently, staff.StatusCode);
            Assert.Equal("/ressources/" + slug, staff.Headers.Location?.OriginalString);
        }
    }

    [Fact]
    public async Task EverySaveMovesTheVersionAndAStaleSaveIsRefused()
    {
        using var site = new RtesWebFactory();
        var before = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Fiche3).Select(r => r.Version).SingleAsync());

        await site.WithDbAsync(async db =>
        {
            var fiche = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            fiche.Title += " (mise à jour)";
            await db.SaveChangesAsync();
        });
        var stale = await site.WithDbAsync(async db =>
        {
            var fiche = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            db.Entry(fiche).Property(r => r.Version).OriginalValue = before;
            fiche.Title = "Écrasement";
            return await Record.ExceptionAsync(() => db.SaveChangesAsync());
        });

        Assert.Equal(before + 1, await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Fiche3).Select(r => r.Version).SingleAsync()));
        Assert.IsType<DbUpdateConcurrencyException>(stale);
    }
}
