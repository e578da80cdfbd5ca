using System.Net;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Features.Accounts;

namespace RtesResources.Tests.Security;

/// <summary>
/// Who is staff is read from the database on every request (the Staff and AdminOnly policies of
/// /admin), never from the roles the sign-in cookie remembers: a role change takes effect at once.
/// </summary>
public class StaffFromDatabaseTests
{
    [Fact]
    public async Task ADemotedEditorStopsPreviewingDraftsAndTheirFilesAtOnce()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Rétrogradée", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("editeur@ville.fr", Roles.Editor, "Ville Rétrogradée");
        var fileUrl = await site.WithDbAsync(async db =>
        {
            var fiche = await db.Resources.Include(r => r.Attachments).SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            fiche.PublishAt = null;
            await db.SaveChangesAsync();
            var file = fiche.Attachments.First(a => a.DeletedAt == null);
            return $"/fichiers/{file.Id}/{file.FileName}";
        });
        using var editor = await site.SignedInClientAsync("editeur@ville.fr");
        var homeBefore = await editor.GetDocumentAsync("/");
        using var draftBefore = await editor.GetAsync("/ressources/" + DemoSlugs.Fiche3);
        using var fileBefore = await editor.GetAsync(fileUrl);

        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "editeur@ville.fr").Select(u => u.Id).SingleAsync());
        var demoted = await site.WithServiceAsync<MembersService, OperationResult>(m => m.ChangeRoleAsync(userId, Roles.Member));
        using var draftAfter = await editor.GetAsync("/ressources/" + DemoSlugs.Fiche3);
        using var fileAfter = await editor.GetAsync(fileUrl);
        var homeAfter = await editor.GetDocumentAsync("/");

        Assert.True(demoted.Succeeded, demoted.Message);
        Assert.Equal(HttpStatusCode.OK, draftBefore.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fileBefore.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, draftAfter.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fileAfter.StatusCode);
        Assert.NotNull(homeBefore.QuerySelector("nav.main-nav a[href='/admin']"));
        Assert.Null(homeAfter.QuerySelector("nav.main-nav a[href='/admin']"));
    }

    [Fact]
    public async Task AnEditorPromotedToAdminIsSentToTwoFactorSetUpAtOnce()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        await site.AddUserAsync("promue@rtes.fr", Roles.Editor);
        using var client = await site.SignedInClientAsync("promue@rtes.fr");
        using var before = await client.GetAsync("/admin");

        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "promue@rtes.fr").Select(u => u.Id).SingleAsync());
        var promoted = await site.WithServiceAsync<MembersService, OperationResult>(m => m.ChangeRoleAsync(userId, Roles.Admin));
        using var after = await client.GetAsync("/admin");

        Assert.True(promoted.Succeeded, promoted.Message);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/compte/double-authentification", after.Headers.Location?.OriginalString);
    }
}
