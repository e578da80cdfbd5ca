using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Search;
using RtesResources.Web.Features.Search.Extraction;

namespace RtesResources.Tests.Search;

/// <summary>
/// The index follows the database: right after an edit, a move to the bin, a restore, a purge, a
/// term rename, a scheduled publication passing; it is rebuilt from an empty or damaged folder; and
/// a second instance on the same database sees the first one's edits.
/// </summary>
public class SearchIndexLifecycleTests
{
    [Fact]
    public async Task AnEditIsFoundOnTheNextRequest()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        await EditAsync(site, DemoSlugs.Study, r => r.Title = "Étude sur les hydroliennes citoyennes");

        Assert.Equal([DemoSlugs.Study], await SlugsAsync(client, "hydroliennes"));
        Assert.Empty(await SlugsAsync(client, "\"métropoles ESS et innovation sociale\" étude -hydroliennes -rencontre -programme"));
    }

    [Fact]
    public async Task BinRestoreAndPurgeAreFollowed()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        await EditAsync(site, DemoSlugs.Study, r => r.BodyMarkdown = "Un mot rare : sérendipité.");
        Assert.Equal([DemoSlugs.Study], await SlugsAsync(client, "sérendipité"));

        await EditAsync(site, DemoSlugs.Study, r => r.DeletedAt = DateTime.UtcNow);
        Assert.Empty(await SlugsAsync(client, "sérendipité"));

        await EditAsync(site, DemoSlugs.Study, r => r.DeletedAt = null);
        Assert.Equal([DemoSlugs.Study], await SlugsAsync(client, "sérendipité"));

        await site.WithDbAsync(async db =>
        {
            db.Resources.Remove(await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study));
            await db.SaveChangesAsync();
        });
        Assert.Empty(await SlugsAsync(client, "sérendipité"));
        Assert.True(await site.WithDbAsync(db => db.SearchIndexChanges.AnyAsync(c => c.RemovedResourceId != null)));
    }

    [Fact]
    public async Task UnpublishingRemovesFromSearch()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        await EditAsync(site, DemoSlugs.Study, r => r.PublishAt = null);

        Assert.DoesNotContain(DemoSlugs.Study, await SlugsAsync(client, "innovation sociale"));
    }

    [Fact]
    public async Task AScheduledResourceAppearsWhenItsTimeComesWithoutAnEdit()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        using var site = new RtesWebFactory { Clock = clock };
        using var client = site.CreateClient();
        await EditAsync(site, DemoSlugs.Study, r =>
        {
            r.Title = "Étude sur les hydroliennes citoyennes";
            r.PublishAt = new DateTime(2026, 11, 27, 8, 0, 0, DateTimeKind.Utc);
        });
        Assert.Empty(await SlugsAsync(client, "hydroliennes"));

        clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal([DemoSlugs.Study], await SlugsAsync(client, "hydroliennes"));
    }

    [Fact]
    public async Task ARenamedThematiqueIsFoundByItsNewName()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        var expected = await site.WithDbAsync(db => db.Resources.Where(r => r.Categories.Any(c => c.Slug == "departements")).Select(r => r.Slug).ToListAsync());
        Assert.Empty(await SlugsAsync(client, "territoires ruraux"));

        await site.WithDbAsync(async db =>
        {
            (await db.Categories.SingleAsync(c => c.Slug == "departements")).Name = "Territoires ruraux";
            await db.SaveChangesAsync();
        });

        Assert.Equal(expected.Order(), (await SlugsAsync(client, "territoires ruraux")).Order());
        var page = await client.GetDocumentAsync("/ressources");
        Assert.Contains(page.SelectOptions("thematique"), o => o.Value.StartsWith("Territoires ruraux", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailedSaveRecordsNoChange()
    {
        using var site = new RtesWebFactory();
        var before = await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync());

        await Assert.ThrowsAsync<DbUpdateException>(() => site.WithDbAsync(async db =>
        {
            var resource = await db.Resources.SingleAsync(r => r.Slug == DemoSlugs.Study);
            resource.Title = "Changé";
            resource.Slug = DemoSlugs.Fiche3;
            await db.SaveChangesAsync();
        }));

        Assert.Equal(before, await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync()));
    }

    [Fact]
    public async Task TheTextOfAFileIsFoundOnceExtracted()
    {
        using var site = new RtesWebFactory();
        using var client = site.CreateClient();
        Assert.Empty(await SlugsAsync(client, "\"installation neuve\""));

        var runner = site.Services.GetRequiredService<TextExtractionRunner>();
        while (await runner.RunOnceAsync())
        {
        }

        var page = await client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString("\"installation neuve\""));
        Assert.Contains(DemoSlugs.Meeting2019, page.CardSlugs());
        Assert.Contains(page.QuerySelectorAll(".card-passage"), p => p.TextContent.Contains("dans le fichier « programme-rencontre-metropoles-5-juillet-2019.pdf »", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("damaged")]
    [InlineData("other schema")]
    public async Task AnIndexFolderThatCannotServeIsRebuiltAtStart(string state)
    {
        string database;
        string index;
        using (var first = new RtesWebFactory())
        {
            using var client = first.CreateClient();
            await EditAsync(first, DemoSlugs.Study, r => r.Title = "Étude sur les hydroliennes citoyennes");
            database = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N") + ".db");
            index = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N"));
            await CopyDatabaseAsync(first, database);
            CopyFolder(first.IndexPath, index);
        }

        switch (state)
        {
            case "empty":
                Directory.Delete(index, recursive: true);
                Directory.CreateDirectory(index);
                break;
            case "damaged":
                foreach (var file in Directory.GetFiles(index).Where(f => !f.EndsWith("write.lock", StringComparison.Ordinal)))
                {
                    await File.WriteAllBytesAsync(file, [1, 2, 3, 4, 5]);
                }

                break;
            default:
                // An index written by another version of the fields: its stamp differs.
                await StampAsync(index, "0");
                break;
        }

        using var second = new RtesWebFactory { DatabasePath = database, IndexPath = index };
        using var secondClient = second.CreateClient();

        Assert.Equal([DemoSlugs.Study], await SlugsAsync(secondClient, "hydroliennes"));
        Assert.Equal(SearchIndex.SchemaVersion, CommitData(index)["schema"]);
    }

    [Fact]
    public async Task AnIndexLeftByAStoppedProcessCatchesUpFromTheChangeTable()
    {
        using var first = new RtesWebFactory();
        string database;
        string index;
        using (first.CreateClient())
        {
            database = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N") + ".db");
            index = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N"));
            await CopyDatabaseAsync(first, database);
            CopyFolder(first.IndexPath, index);
        }

        // Changes written while no process ran: the table keeps them for the next one.
        using (var writer = new RtesWebFactory { DatabasePath = database })
        {
            using (writer.CreateClient())
            {
                await EditAsync(writer, DemoSlugs.Study, r => r.Title = "Étude sur les hydroliennes citoyennes");
            }
        }

        using var second = new RtesWebFactory { DatabasePath = database, IndexPath = index };
        using var client = second.CreateClient();
        await second.ApplySearchChangesAsync();

        Assert.Equal([DemoSlugs.Study], await SlugsAsync(client, "hydroliennes"));
    }

    [Fact]
    public async Task AnIndexNewerThanItsDatabaseRestoredFromABackupIsRebuiltAtStart()
    {
        using var first = new RtesWebFactory();
        var backup = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N") + ".db");
        var index = Path.Combine(Path.GetTempPath(), "rtes-tests", Guid.NewGuid().ToString("N"));
        using (var firstClient = first.CreateClient())
        {
            await CopyDatabaseAsync(first, backup);
            await EditAsync(first, DemoSlugs.Study, r => r.Title = "Étude sur les hydroliennes citoyennes");
            await first.ApplySearchChangesAsync();
            Assert.Equal([DemoSlugs.Study], await SlugsAsync(firstClient, "hydroliennes"));
            CopyFolder(first.IndexPath, index);
        }

        // The database is back to the backup; the instance's index knows an edit the database never had.
        using var second = new RtesWebFactory { DatabasePath = backup, IndexPath = index };
        using var client = second.CreateClient();
        await second.ApplySearchChangesAsync();
        Assert.Empty(await SlugsAsync(client, "hydroliennes"));

        // The first change after the restore gets the id the lost edit had: it is applied all the same.
        await EditAsync(second, DemoSlugs.Study, r => r.Title = "Étude sur les éoliennes citoyennes");
        await second.ApplySearchChangesAsync();
        Assert.Equal([DemoSlugs.Study], await SlugsAsync(client, "éoliennes"));
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseSeeEachOthersEdits()
    {
        using var first = new RtesWebFactory();
        using var firstClient = first.CreateClient();
        using var second = new RtesWebFactory { DatabasePath = first.DatabasePath };
        using var secondClient = second.CreateClient();
        Assert.NotEqual(first.IndexPath, second.IndexPath);

        await EditAsync(first, DemoSlugs.Study, r => r.Title = "Étude sur les hydroliennes citoyennes");

        // The second instance reads the change table every second, by itself.
        var found = await Eventually.ValueAsync(() => SlugsAsync(secondClient, "hydroliennes"), slugs => slugs.Count > 0, TimeSpan.FromSeconds(15));

        Assert.Equal([DemoSlugs.Study], found);
    }

    private static async Task EditAsync(RtesWebFactory site, string slug, Action<Resource> edit) =>
        await site.WithDbAsync(async db =>
        {
            edit(await db.Resources.SingleAsync(r => r.Slug == slug));
            await db.SaveChangesAsync();
        });

    private static async Task<IReadOnlyList<string>> SlugsAsync(HttpClient client, string query) =>
        (await client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query))).CardSlugs();

    /// <summary>A consistent copy of a running site's SQLite database (the path is ours, not user input).</summary>
    private static Task<int> CopyDatabaseAsync(RtesWebFactory site, string to) =>
        site.WithDbAsync(db => db.Database.ExecuteSqlAsync($"VACUUM INTO {to}"));

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from).Where(f => !f.EndsWith("write.lock", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static IDictionary<string, string> CommitData(string folder)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(folder);
        return Lucene.Net.Index.DirectoryReader.ListCommits(directory)[^1].UserData;
    }

    private static Task StampAsync(string folder, string schema)
    {
        using var directory = Lucene.Net.Store.FSDirectory.Open(folder);
        using var writer = new Lucene.Net.Index.IndexWriter(directory, new Lucene.Net.Index.IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, FrenchSearchAnalyzer.ForQueries));
        var data = new Dictionary<string, string>(writer.CommitData) { ["schema"] = schema };
        writer.SetCommitData(data);
        writer.Commit();
        return Task.CompletedTask;
    }
}
