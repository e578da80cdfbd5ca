using System.Net;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Security;

/// <summary>Only a public file of a published resource may be kept by shared caches; every other file is private, no-store.</summary>
public class FileCachingTests
{
    [Fact]
    public async Task OnlyAPublicFileOfAPublishedResourceIsCachedPublicly()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("editeur@rtes.fr", Roles.Editor);
        var (draftFile, removedFile, publishedFile) = await site.WithDbAsync(async db =>
        {
            var draft = await db.Resources.Include(r => r.Attachments).SingleAsync(r => r.Slug == DemoSlugs.Fiche3);
            draft.PublishAt = null;
            var published = await db.Attachments.Include(a => a.Resource)
                .Where(a => !a.Resource.IsPrivate && a.Resource.Slug != DemoSlugs.Fiche3 && a.DeletedAt == null)
                .OrderBy(a => a.Id).Take(2).ToListAsync();
            published[0].DeletedAt = DateTime.UtcNow;
            await db.SaveChangesAsync();
            return (Url(draft.Attachments.First()), Url(published[0]), Url(published[1]));
        });
        using var anonymous = site.CreateClient();
        using var editor = await site.SignedInClientAsync("editeur@rtes.fr");

        using var published = await anonymous.GetAsync(publishedFile);
        using var publishedForStaff = await editor.GetAsync(publishedFile);
        using var draft = await editor.GetAsync(draftFile);
        using var removed = await editor.GetAsync(removedFile);

        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.True(published.Headers.CacheControl?.Public);
        Assert.True(publishedForStaff.Headers.CacheControl?.Public);
        foreach (var response in new[] { draft, removed })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.CacheControl?.Public);
            Assert.True(response.Headers.CacheControl?.Private);
            Assert.True(response.Headers.CacheControl?.NoStore);
        }
    }

    private static string Url(RtesResources.Web.Domain.Attachment file) => $"/fichiers/{file.Id}/{file.FileName}";
}
