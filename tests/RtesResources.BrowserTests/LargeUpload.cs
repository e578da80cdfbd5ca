using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;

namespace RtesResources.BrowserTests;

/// <summary>Over real Kestrel, whose default body limit (30 MB) is below the configured upload limit (50 MB per file).</summary>
[Collection(BrowserTests.Name)]
public class LargeUpload(BrowserSite site)
{
    [Fact]
    public async Task AFileAboveKestrelsDefaultButWithinTheConfiguredLimitIsAccepted()
    {
        using var editor = await SiteClients.SignedInAsync(site, "gros-fichier@rtes.fr", Roles.Editor, null);
        int resourceId;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            resourceId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Resources.Where(r => r.Slug == "etude-metropoles-ess-et-innovation-sociale").Select(r => r.Id).SingleAsync();
        }

        var token = await SiteClients.TokenAsync(editor, $"/admin/ressources/{resourceId}/modifier");
        var bytes = new byte[31 * 1024 * 1024];
        "%PDF-1.4\n"u8.CopyTo(bytes);
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(bytes), "fichiers", "etude-complete.pdf" },
        };

        using var response = await editor.PostAsync($"/admin/ressources/{resourceId}/fichiers", content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var check = site.Services.CreateAsyncScope();
        var stored = await check.ServiceProvider.GetRequiredService<AppDbContext>().Attachments.Where(a => a.FileName == "etude-complete.pdf").Select(a => a.Length).SingleAsync();
        Assert.Equal(bytes.Length, stored);
    }
}
