using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Search.Extraction;

namespace RtesResources.Tests.Search.Extraction;

public class TextExtractionWorkerTests
{
    private static readonly TimeSpan Lease = new TextExtractionOptions().ClaimLease;

    private static TextExtractionRunner Runner(RtesWebFactory site) => site.Services.GetRequiredService<TextExtractionRunner>();

    /// <summary>Runs passes until none finds work; returns how many attachments were processed.</summary>
    private static async Task<int> DrainAsync(RtesWebFactory site)
    {
        var processed = 0;
        while (await Runner(site).RunOnceAsync())
        {
            processed++;
            Assert.True(processed < 100, "the runner keeps finding work");
        }

        return processed;
    }

    private static Task<Attachment> AttachmentAsync(RtesWebFactory site, string fileName) =>
        site.WithDbAsync(db => db.Attachments.AsNoTracking().SingleAsync(a => a.FileName == fileName));

    [Fact]
    public async Task DemoAttachmentsAreIndexedWithTheirTextAndRemovedOnesWait()
    {
        using var site = new RtesWebFactory();
        var total = await site.WithDbAsync(db => db.Attachments.CountAsync());
        await site.WithDbAsync(db => db.Attachments.Where(a => a.FileName == "fiche3b.pdf").ExecuteUpdateAsync(s => s.SetProperty(a => a.DeletedAt, DateTime.UtcNow)));

        var processed = await DrainAsync(site);

        Assert.True(total >= 8, $"demo attachments: {total}");
        Assert.Equal(total - 1, processed);
        var states = await site.WithDbAsync(db => db.Attachments.AsNoTracking().Select(a => new { a.FileName, a.TextState, a.TextAttempts, a.TextClaimedUntil, a.TextError }).ToListAsync());
        Assert.All(states.Where(s => s.FileName != "fiche3b.pdf"), s => Assert.Equal((TextExtractionState.Indexed, 1, (DateTime?)null, (string?)null), (s.TextState, s.TextAttempts, s.TextClaimedUntil, s.TextError)));
        var removed = states.Single(s => s.FileName == "fiche3b.pdf");
        Assert.Equal((TextExtractionState.Pending, 0), (removed.TextState, removed.TextAttempts));
        var fiche = await AttachmentAsync(site, "fiche3.pdf");
        Assert.Contains("L'économie sociale et solidaire au coeur des compétences du bloc communal.", fiche.ExtractedText, StringComparison.Ordinal);
        Assert.Contains("Réseau des collectivités Territoriales", fiche.ExtractedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OfTwoConcurrentClaimsOfTheSameAttachmentOnlyOneWins()
    {
        using var site = new RtesWebFactory();
        var ids = await site.WithDbAsync(db => db.Attachments.Select(a => a.Id).ToListAsync());

        // Two claims per attachment, all at once, each on its own connection.
        var claims = await Task.WhenAll(ids.SelectMany(id => new[] { id, id }).Select(async id => (Id: id, Until: await Task.Run(() => Runner(site).TryClaimAsync(id)))));

        Assert.All(claims.GroupBy(c => c.Id), g => Assert.Single(g, c => c.Until is not null));
        var attempts = await site.WithDbAsync(db => db.Attachments.Select(a => a.TextAttempts).ToListAsync());
        Assert.All(attempts, a => Assert.Equal(1, a));
        Assert.False(await Runner(site).RunOnceAsync());
    }

    [Fact]
    public async Task AClaimLeftByAStoppedWorkerIsTakenOverWhenItExpires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        var fiche = await AttachmentAsync(site, "fiche3.pdf");
        // A worker claims the file, then its process stops before writing anything.
        Assert.NotNull(await Runner(site).TryClaimAsync(fiche.Id));
        await DrainAsync(site);

        clock.Advance(Lease - TimeSpan.FromSeconds(1));
        var stillHeld = await Runner(site).RunOnceAsync();
        clock.Advance(TimeSpan.FromSeconds(2));
        var takenOver = await Runner(site).RunOnceAsync();

        Assert.False(stillHeld);
        Assert.True(takenOver);
        var done = await AttachmentAsync(site, "fiche3.pdf");
        Assert.Equal((TextExtractionState.Indexed, 2), (done.TextState, done.TextAttempts));
        Assert.Contains("Kit MunicipalESS", done.ExtractedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileWhoseReadingStopsTheProcessEveryTimeIsGivenUp()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        var fiche = await AttachmentAsync(site, "fiche3.pdf");
        await DrainAsync(site);
        await site.WithDbAsync(db => db.Attachments.Where(a => a.Id == fiche.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.TextState, TextExtractionState.Pending).SetProperty(a => a.TextAttempts, 0)));
        // Three workers claim it in turn and die before writing anything.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.NotNull(await Runner(site).TryClaimAsync(fiche.Id));
            clock.Advance(Lease + TimeSpan.FromSeconds(1));
        }

        Assert.True(await Runner(site).RunOnceAsync());

        var given = await AttachmentAsync(site, "fiche3.pdf");
        Assert.Equal((TextExtractionState.Failed, 4, TextExtractionRunner.GaveUp), (given.TextState, given.TextAttempts, given.TextError));
        Assert.False(await Runner(site).RunOnceAsync());
    }

    [Fact]
    public async Task ACorruptFileFailsAfterTheMaximumAttemptsAndNothingElseSuffers()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        await site.AddUserAsync("extraction@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("extraction@rtes.fr");
        var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Video).Select(r => r.Id).SingleAsync());
        using (var upload = await UploadAsync(editor, id, "compte-rendu.pdf", "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n%%EOF\n"u8.ToArray()))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        var pending = await FileStateAsync(editor, id, "compte-rendu.pdf");
        await DrainAsync(site);
        var first = await AttachmentAsync(site, "compte-rendu.pdf");
        var attempts = new List<(TextExtractionState, int)> { (first.TextState, first.TextAttempts) };
        for (var retry = 0; retry < 3; retry++)
        {
            clock.Advance(Lease + TimeSpan.FromSeconds(1));
            await DrainAsync(site);
            var file = await AttachmentAsync(site, "compte-rendu.pdf");
            attempts.Add((file.TextState, file.TextAttempts));
        }

        Assert.Equal("Recherche dans le fichier — en attente d'indexation", pending);
        Assert.Equal([(TextExtractionState.Pending, 1), (TextExtractionState.Pending, 2), (TextExtractionState.Failed, 3), (TextExtractionState.Failed, 3)], attempts);
        var failed = await AttachmentAsync(site, "compte-rendu.pdf");
        Assert.Equal(("fichier PDF illisible", (string?)null, (DateTime?)null), (failed.TextError, failed.ExtractedText, failed.TextClaimedUntil));
        Assert.Equal("Recherche dans le fichier — échec : fichier PDF illisible", await FileStateAsync(editor, id, "compte-rendu.pdf"));
        using var anonymous = site.CreateClient();
        using var page = await anonymous.GetAsync("/ressources/" + DemoSlugs.Video);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var fiche3 = await site.WithDbAsync(db => db.Attachments.Where(a => a.FileName == "fiche3.pdf").Select(a => a.ResourceId).SingleAsync());
        Assert.Equal("Recherche dans le fichier — texte indexé", await FileStateAsync(editor, fiche3, "fiche3.pdf"));
    }

    [Fact]
    public async Task TheEditPageNamesEachState()
    {
        using var site = new RtesWebFactory();
        await site.AddUserAsync("etats@rtes.fr", Roles.Editor);
        using var editor = await site.SignedInClientAsync("etats@rtes.fr");
        var resource = await site.WithDbAsync(db => db.Attachments.Where(a => a.FileName == "fiche3.pdf").Select(a => a.ResourceId).SingleAsync());
        await site.WithDbAsync(db => db.Attachments.Where(a => a.FileName == "fiche3b.pdf").ExecuteUpdateAsync(s => s.SetProperty(a => a.TextState, TextExtractionState.NoText)));

        Assert.Equal("Recherche dans le fichier — en attente d'indexation", await FileStateAsync(editor, resource, "fiche3.pdf"));
        Assert.Equal("Recherche dans le fichier — pas de texte à indexer", await FileStateAsync(editor, resource, "fiche3b.pdf"));
    }

    [Fact]
    public async Task TheBackgroundWorkerIndexesTheDemoFilesOnItsOwn()
    {
        using var site = new RtesWebFactory { ExtractTextInBackground = true };
        using var client = site.CreateClient();

        var pending = await Eventually.ValueAsync(
            () => site.WithDbAsync(db => db.Attachments.CountAsync(a => a.TextState != TextExtractionState.Indexed)),
            count => count == 0,
            TimeSpan.FromSeconds(60));

        Assert.Equal(0, pending);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient editor, int resourceId, string name, byte[] bytes)
    {
        var page = await editor.GetDocumentAsync($"/admin/ressources/{resourceId}/modifier");
        var token = page.QuerySelector("form.upload-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(bytes), "fichiers", name } };
        return await editor.PostAsync($"/admin/ressources/{resourceId}/fichiers", content);
    }

    private static async Task<string> FileStateAsync(HttpClient editor, int resourceId, string fileName)
    {
        var page = await editor.GetDocumentAsync($"/admin/ressources/{resourceId}/modifier");
        var item = page.QuerySelectorAll(".file-list li").Single(li => li.QuerySelector(".file-meta a")?.TextContent == fileName);
        return item.QuerySelector(".file-text-state")!.TextContent.Trim();
    }
}
