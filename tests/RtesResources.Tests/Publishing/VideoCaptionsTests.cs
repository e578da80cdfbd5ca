using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Tests.Members;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Publishing;

namespace RtesResources.Tests.Publishing;

/// <summary>
/// A video's transcript and WebVTT captions (issue 9): entered from the edit page, checked, and served
/// under the access rule of the video's resource, on the five visitors of <see cref="MembersSite"/>.
/// </summary>
public class VideoCaptionsTests(MembersSite site) : IClassFixture<MembersSite>
{
    private const string Captions = "WEBVTT\n\n00:00.000 --> 00:04.000\nBonjour et bienvenue à cette visioconférence.\n";

    [Theory]
    [InlineData("anonymous", HttpStatusCode.Redirect)]
    [InlineData("lapsed member", HttpStatusCode.Forbidden)]
    [InlineData("deactivated account", HttpStatusCode.Forbidden)]
    [InlineData("active member", HttpStatusCode.OK)]
    [InlineData("editor", HttpStatusCode.OK)]
    public async Task CaptionsOfAPrivateResourceGoToMembersAndStaffOnly(string persona, HttpStatusCode expected)
    {
        var url = await VideoWithCaptionsAsync(DemoSlugs.PrivateConference2021);

        using var response = await site.Clients[persona].GetAsync(url);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Redirect)
        {
            Assert.Contains("/compte/connexion", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal("text/vtt", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
            Assert.Equal(Captions, await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.True(response.Headers.CacheControl?.Private);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task CaptionsOfAPublicResourceMayBeCachedAndThoseOfADraftAreForStaffOnly()
    {
        var publicUrl = await VideoWithCaptionsAsync(DemoSlugs.Video);
        var draftUrl = await VideoWithCaptionsAsync(DemoSlugs.Departements);
        await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Departements).ExecuteUpdateAsync(s => s.SetProperty(r => r.PublishAt, (DateTime?)null)));

        using var anonymousPublic = await site.Clients["anonymous"].GetAsync(publicUrl);
        using var memberDraft = await site.Clients["active member"].GetAsync(draftUrl);
        using var editorDraft = await site.Clients["editor"].GetAsync(draftUrl);
        using var unknown = await site.Clients["editor"].GetAsync("/fichiers/sous-titres/987654.vtt");

        Assert.Equal(HttpStatusCode.OK, anonymousPublic.StatusCode);
        Assert.True(anonymousPublic.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.NotFound, memberDraft.StatusCode);
        Assert.Equal(HttpStatusCode.OK, editorDraft.StatusCode);
        Assert.True(editorDraft.Headers.CacheControl?.NoStore);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("sous-titres.srt", "1\n00:00:00,000 --> 00:00:04,000\nBonjour\n", "sa première ligne doit être « WEBVTT »")]
    [InlineData("sous-titres.vtt", "WEBVTTX\n\n00:00.000 --> 00:04.000\nBonjour\n", "sa première ligne doit être « WEBVTT »")]
    [InlineData("latin1.vtt", null, "il n'est pas encodé en UTF-8")]
    [InlineData("trop-long.vtt", "", "trop lourd pour des sous-titres")]
    [InlineData("vide.vtt", "-", "Aucun fichier de sous-titres reçu")]
    public async Task BrokenCaptionsAreRefusedInFrench(string name, string? text, string error)
    {
        var (resourceId, linkId) = await VideoLinkAsync(DemoSlugs.Meeting2019);
        var bytes = text switch
        {
            null => Encoding.Latin1.GetBytes("WEBVTT\n\n00:00.000 --> 00:04.000\nÉconomie solidaire\n"),
            "" => Encoding.UTF8.GetBytes("WEBVTT\n\n" + new string('a', (1024 * 1024) + 10)),
            "-" => [],
            _ => Encoding.UTF8.GetBytes(text),
        };

        using var response = await UploadAsync(resourceId, linkId, name, bytes);
        var page = await site.Clients["editor"].AnswerDocumentAsync(response);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains(error, page.MainText(), StringComparison.Ordinal);
        Assert.Null(await site.WithDbAsync(db => db.ResourceLinks.Where(l => l.Id == linkId).Select(l => l.CaptionsStorageKey).SingleAsync()));
    }

    [Fact]
    public async Task ATranscriptIsShownNextToThePlayerAndGivenByTheApiToThoseWhoMayReadTheBody()
    {
        var (resourceId, _) = await VideoLinkAsync(DemoSlugs.PrivateNewElected);
        var editor = site.Clients["editor"];
        var form = await editor.GetDocumentAsync($"/admin/ressources/{resourceId}/modifier");
        var fields = FormFields(form);
        var index = fields.Single(f => f.Key.EndsWith("].Kind", StringComparison.Ordinal) && f.Value == "Video").Key.Split(']')[0] + "]";
        fields[index + ".Transcript"] = "## Introduction\n\nBonjour à **toutes et tous**.\n\n<script>alert(1)</script>";
        var token = form.QuerySelector("form.resource-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var saved = await editor.PostAsync($"/admin/ressources/{resourceId}/modifier", new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var memberPage = await site.Clients["active member"].GetDocumentAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        var anonymousPage = await site.Clients["anonymous"].GetDocumentAsync("/ressources/" + DemoSlugs.PrivateNewElected);
        using var memberApi = JsonDocument.Parse(await site.Clients["active member"].GetStringAsync("/api/v1/ressources/" + DemoSlugs.PrivateNewElected));
        using var anonymousApi = JsonDocument.Parse(await site.Clients["anonymous"].GetStringAsync("/api/v1/ressources/" + DemoSlugs.PrivateNewElected));

        var transcript = memberPage.QuerySelector("section.video details.transcript");
        Assert.Equal("Transcription", transcript?.QuerySelector("summary")?.TextContent.Trim());
        Assert.Equal("toutes et tous", transcript?.QuerySelector("h2 + p strong, p strong")?.TextContent);
        Assert.Null(transcript?.QuerySelector("script"));
        Assert.Null(anonymousPage.QuerySelector("details.transcript"));
        Assert.DoesNotContain("toutes et tous", anonymousPage.DocumentElement.OuterHtml, StringComparison.Ordinal);

        var video = memberApi.RootElement.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "Vidéo");
        Assert.Contains("<strong>toutes et tous</strong>", video.GetProperty("transcriptHtml").GetString(), StringComparison.Ordinal);
        Assert.False(anonymousApi.RootElement.TryGetProperty("links", out _));
        Assert.DoesNotContain("toutes et tous", anonymousApi.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnlyAVideoTakesATranscript()
    {
        var editor = site.Clients["editor"];
        var kindId = await site.WithDbAsync(db => db.ResourceKinds.Where(k => k.Slug == "video").Select(k => k.Id).SingleAsync());

        using var response = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", new()
        {
            ["Title"] = "Une page et sa transcription",
            ["KindId"] = kindId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Links[0].Kind"] = "Web",
            ["Links[0].Url"] = "https://www.rtes.fr/une-page",
            ["Links[0].Label"] = "Une page",
            ["Links[0].Transcript"] = "Bonjour",
        });
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Le lien « Une page » n'est pas une vidéo : seule une vidéo a une transcription.", page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Links_0__Transcript")?.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task ThePageOffersTheCaptionsNextToThePlayerAndTheApiGivesTheirAddress()
    {
        var url = await VideoWithCaptionsAsync(DemoSlugs.Study);

        var page = await site.Clients["anonymous"].GetDocumentAsync("/ressources/" + DemoSlugs.Study);
        using var api = JsonDocument.Parse(await site.Clients["anonymous"].GetStringAsync("/api/v1/ressources/" + DemoSlugs.Study));

        var link = page.QuerySelector("section.video .video-captions a[download]");
        Assert.Equal("Sous-titres (WebVTT)", link?.TextContent.Trim());
        Assert.Equal(url, link?.GetAttribute("href"));
        Assert.Null(link?.Closest(".video-frame"));
        var video = api.RootElement.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == "Vidéo");
        Assert.EndsWith(url, video.GetProperty("captionsUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportOfTheExportKeepsTranscriptsAndCaptions()
    {
        await VideoWithCaptionsAsync(DemoSlugs.PublicAugust2020);
        var (_, linkId) = await VideoLinkAsync(DemoSlugs.PublicAugust2020);
        await site.WithDbAsync(async db =>
        {
            var link = await db.ResourceLinks.SingleAsync(l => l.Id == linkId);
            link.TranscriptMarkdown = "Une transcription que le fichier du catalogue ne porte pas.";
            await db.SaveChangesAsync();
        });

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var exported = await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(TransferFormat.Csv);
            var importer = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, "test d'import")], "test"));
            var report = await scope.ServiceProvider.GetRequiredService<CatalogueImport>().ImportAsync(new MemoryStream(exported), TransferFormat.Csv, dryRun: false, importer);
            Assert.True(report.Applied);
        }

        var after = await site.WithDbAsync(db => db.ResourceLinks.Where(l => l.Id == linkId).Select(l => new { l.TranscriptMarkdown, l.CaptionsStorageKey }).SingleAsync());
        Assert.Equal("Une transcription que le fichier du catalogue ne porte pas.", after.TranscriptMarkdown);
        Assert.NotNull(after.CaptionsStorageKey);
    }

    [Fact]
    public async Task AnImportThatReplacesOrRemovesAVideoDeletesItsCaptionsFromTheStore()
    {
        await VideoWithCaptionsAsync(DemoSlugs.Meeting2019);
        await VideoWithCaptionsAsync(DemoSlugs.Fiche3);
        var replacedKey = await CaptionsKeyAsync(DemoSlugs.Meeting2019);
        var removedKey = await CaptionsKeyAsync(DemoSlugs.Fiche3);
        Assert.True(await IsStoredAsync(replacedKey));
        Assert.True(await IsStoredAsync(removedKey));

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var exported = Encoding.UTF8.GetString(await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(TransferFormat.JsonLines));
            var rows = exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject()).ToList();
            var replaced = rows.Single(r => (string?)r["slug"] == DemoSlugs.Meeting2019);
            var removed = rows.Single(r => (string?)r["slug"] == DemoSlugs.Fiche3);
            // Another recording at the same place of the list; and no link at all.
            replaced["links"] = replaced["links"]!.ToJsonString().Replace("https://vimeo.com/76979871", "https://vimeo.com/22439234", StringComparison.Ordinal) is var json
                ? System.Text.Json.Nodes.JsonNode.Parse(json) : null;
            removed["links"] = removed["links"] is System.Text.Json.Nodes.JsonArray ? new System.Text.Json.Nodes.JsonArray() : "";
            var file = Encoding.UTF8.GetBytes(replaced.ToJsonString() + "\n" + removed.ToJsonString() + "\n");
            var report = await scope.ServiceProvider.GetRequiredService<CatalogueImport>().ImportAsync(new MemoryStream(file), TransferFormat.JsonLines, dryRun: false, Importer);
            Assert.True(report.Applied, string.Join(" / ", report.FileProblems.Concat(report.Rows.SelectMany(r => r.Problems))));
        }

        Assert.Null(await CaptionsKeyAsync(DemoSlugs.Meeting2019));
        Assert.Null(await CaptionsKeyAsync(DemoSlugs.Fiche3));
        Assert.False(await IsStoredAsync(replacedKey));
        Assert.False(await IsStoredAsync(removedKey));
    }

    [Fact]
    public async Task AnImportThatFailsKeepsTheCaptions()
    {
        await VideoWithCaptionsAsync(DemoSlugs.Meeting2019);
        var key = await CaptionsKeyAsync(DemoSlugs.Meeting2019);

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var exported = Encoding.UTF8.GetString(await scope.ServiceProvider.GetRequiredService<CatalogueExport>().ExportAsync(TransferFormat.JsonLines));
            var row = exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject()).Single(r => (string?)r["slug"] == DemoSlugs.Meeting2019);
            row["links"] = row["links"] is System.Text.Json.Nodes.JsonArray ? new System.Text.Json.Nodes.JsonArray() : "";
            // The second row is refused: nothing is written, the video keeps its link and captions.
            var file = Encoding.UTF8.GetBytes(row.ToJsonString() + "\n" + "{\"slug\":\"sans-titre\"}\n");
            var report = await scope.ServiceProvider.GetRequiredService<CatalogueImport>().ImportAsync(new MemoryStream(file), TransferFormat.JsonLines, dryRun: false, Importer);
            Assert.False(report.Applied);
        }

        Assert.Equal(key, await CaptionsKeyAsync(DemoSlugs.Meeting2019));
        Assert.True(await IsStoredAsync(key));
    }

    [Fact]
    public async Task AnEditRemovingAVideoDeletesItsCaptionsFromTheStore()
    {
        await VideoWithCaptionsAsync(DemoSlugs.Meeting2019);
        var key = await CaptionsKeyAsync(DemoSlugs.Meeting2019);
        var (resourceId, _) = await VideoLinkAsync(DemoSlugs.Meeting2019);
        var editor = site.Clients["editor"];
        var form = await editor.GetDocumentAsync($"/admin/ressources/{resourceId}/modifier");
        var fields = FormFields(form);
        var index = fields.Single(f => f.Key.EndsWith("].Kind", StringComparison.Ordinal) && f.Value == "Video").Key.Split(']')[0] + "]";
        // An emptied row, as when the editor clears the video's fields.
        foreach (var field in new[] { ".Url", ".Label", ".Transcript" })
        {
            fields[index + field] = "";
        }

        var token = form.QuerySelector("form.resource-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var saved = await editor.PostAsync($"/admin/ressources/{resourceId}/modifier", new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));

        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, Html.Parse(await saved.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent.Trim().Replace("\n", " ", StringComparison.Ordinal));
        Assert.Null(await CaptionsKeyAsync(DemoSlugs.Meeting2019));
        Assert.False(await IsStoredAsync(key));
    }

    [Fact]
    public async Task APurgedResourcesCaptionsAreDeletedFromTheStore()
    {
        await VideoWithCaptionsAsync(DemoSlugs.Fiche3);
        var key = await CaptionsKeyAsync(DemoSlugs.Fiche3);
        var (resourceId, _) = await VideoLinkAsync(DemoSlugs.Fiche3);
        await site.WithDbAsync(db => db.Resources.Where(r => r.Id == resourceId).ExecuteUpdateAsync(s => s.SetProperty(r => r.DeletedAt, DateTime.UtcNow)));

        await using (var scope = site.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<ResourceEditorService>().PurgeAsync(resourceId));
        }

        Assert.False(await IsStoredAsync(key));
    }

    private static readonly System.Security.Claims.ClaimsPrincipal Importer =
        new(new System.Security.Claims.ClaimsIdentity([new(System.Security.Claims.ClaimTypes.Name, "test d'import")], "test"));

    private Task<string?> CaptionsKeyAsync(string slug) =>
        site.WithDbAsync(db => db.ResourceLinks.Where(l => l.Resource.Slug == slug && l.Kind == LinkKind.Video).Select(l => l.CaptionsStorageKey).FirstOrDefaultAsync());

    /// <summary>Whether the site's file store (a local folder here) still holds the key's bytes.</summary>
    private async Task<bool> IsStoredAsync(string? key)
    {
        Assert.NotNull(key);
        Assert.IsType<RtesResources.Web.Features.Files.LocalFileStore>(site.Services.GetRequiredService<RtesResources.Web.Features.Files.IFileStore>());
        await using var stream = await site.Services.GetRequiredService<RtesResources.Web.Features.Files.IFileStore>().OpenReadAsync(key);
        return stream is not null;
    }

    /// <summary>Gives the resource a video (once), sends it captions through the edit page, and returns their address.</summary>
    private async Task<string> VideoWithCaptionsAsync(string slug)
    {
        var (resourceId, linkId) = await VideoLinkAsync(slug);
        using var response = await UploadAsync(resourceId, linkId, "sous-titres.vtt", Encoding.UTF8.GetBytes(Captions));
        var page = await site.Clients["editor"].AnswerDocumentAsync(response);
        Assert.Contains("Sous-titres enregistrés.", page.MainText(), StringComparison.Ordinal);
        var edit = await site.Clients["editor"].GetDocumentAsync($"/admin/ressources/{resourceId}/modifier");
        return edit.QuerySelector("#titre-sous-titres ~ ul a[href^='/fichiers/sous-titres/']")!.GetAttribute("href")!;
    }

    private async Task<(int ResourceId, int LinkId)> VideoLinkAsync(string slug) =>
        await site.WithDbAsync(async db =>
        {
            var resource = await db.Resources.Include(r => r.Links).SingleAsync(r => r.Slug == slug);
            var link = resource.Links.FirstOrDefault(l => l.Kind == LinkKind.Video);
            if (link is null)
            {
                link = new ResourceLink { Kind = LinkKind.Video, Label = "La vidéo", Url = "https://vimeo.com/76979871", Position = resource.Links.Count };
                resource.Links.Add(link);
                await db.SaveChangesAsync();
            }

            return (resource.Id, link.Id);
        });

    private async Task<HttpResponseMessage> UploadAsync(int resourceId, int linkId, string name, byte[] bytes)
    {
        var editor = site.Clients["editor"];
        var page = await editor.GetDocumentAsync($"/admin/ressources/{resourceId}/modifier");
        var action = $"/admin/ressources/{resourceId}/videos/{linkId}/sous-titres";
        var token = page.QuerySelector($"form[action='{action}'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        if (bytes.Length > 0)
        {
            content.Add(new ByteArrayContent(bytes), "sousTitres", name);
        }

        return await editor.PostAsync(action, content);
    }

    /// <summary>The resource form's fields as a browser posts them (checked boxes only).</summary>
    private static Dictionary<string, string> FormFields(AngleSharp.Dom.IDocument page)
    {
        var fields = new Dictionary<string, string>();
        foreach (var element in page.QuerySelector("form.resource-form")!.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (name == "__RequestVerificationToken" || fields.ContainsKey(name) || (element.GetAttribute("type") == "checkbox" && !element.HasAttribute("checked")))
            {
                continue;
            }

            fields[name] = element.LocalName switch
            {
                "textarea" => element.TextContent,
                "select" => element.QuerySelector("option[selected]")?.GetAttribute("value") ?? element.QuerySelector("option")?.GetAttribute("value") ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
        }

        return fields;
    }
}
