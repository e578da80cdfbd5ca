using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Data;

/// <summary>What the import turns on for its writes on SQLite: statements kept, statements grouped.</summary>
public class SqliteBulkWriteTests
{
    [Fact]
    public async Task KeptStatementsGiveTheSameResultsAndAreDroppedWhenTheScopeEnds()
    {
        using var site = new RtesWebFactory();
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cache = scope.ServiceProvider.GetRequiredService<SqliteStatementCache>();
        var expected = await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Name).ToListAsync();

        using (cache.Enable())
        {
            // As the import does: its transaction runs within the execution strategy.
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                for (var i = 0; i < 5; i++)
                {
                    db.Categories.Add(new Category { Name = $"Thème gardé {i}", Slug = $"theme-garde-{i}" });
                    db.Categories.Add(new Category { Name = $"Autre thème {i}", Slug = $"autre-theme-{i}" });
                    await db.SaveChangesAsync();
                    Assert.Equal(expected.Count + (2 * (i + 1)), await db.Categories.CountAsync());
                }

                Assert.InRange(cache.Count, 1, 4);
                Assert.Equal([.. expected, .. Enumerable.Range(0, 5).SelectMany(i => new[] { $"Thème gardé {i}", $"Autre thème {i}" })], await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Name).ToListAsync());
                await transaction.CommitAsync();
            });
        }

        Assert.Equal(0, cache.Count);
        Assert.Equal(expected.Count + 10, await site.WithDbAsync(other => other.Categories.CountAsync()));
    }

    [Fact]
    public async Task AStatementStillReadingIsNotReusedByTheNextCommandOfTheSameText()
    {
        using var site = new RtesWebFactory();
        await using var scope = site.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var cache = scope.ServiceProvider.GetRequiredService<SqliteStatementCache>();
        var all = await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();

        using (cache.Enable())
        {
            // The same query again while the first still streams its rows: SQLite allows both.
            var pairs = new List<(int Outer, int Inner)>();
            await foreach (var outer in db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).AsAsyncEnumerable())
            {
                var inner = await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
                pairs.Add((outer, inner.Count));
            }

            Assert.Equal(all, pairs.Select(p => p.Outer));
            Assert.All(pairs, p => Assert.Equal(all.Count, p.Inner));
        }
    }

    [Fact]
    public async Task StatementsAreGroupedOnlyWhileABulkWriterAsksForIt()
    {
        using var folder = new TempFolder();
        var counter = new SqlCommandCounter();
        await using var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder.Path, "groupes.db")}")
            .ReplaceService<Microsoft.EntityFrameworkCore.Update.IModificationCommandBatchFactory, SqliteStatementGroups>()
            .AddInterceptors(counter)
            .Options);
        await db.Database.MigrateAsync();

        async Task<int> CommandsToAddAsync(string prefix)
        {
            for (var i = 0; i < 8; i++)
            {
                db.Categories.Add(new Category { Name = $"{prefix} {i}", Slug = $"{prefix}-{i}" });
            }

            counter.Reset();
            await db.SaveChangesAsync();
            return counter.Count;
        }

        var alone = await CommandsToAddAsync("seul");
        db.GroupStatements = true;
        var grouped = await CommandsToAddAsync("groupe");
        db.GroupStatements = false;
        var aloneAgain = await CommandsToAddAsync("encore");

        Assert.Equal(8, alone);
        Assert.Equal(8 / SqliteStatementGroups.StatementsPerCommand, grouped);
        Assert.Equal(8, aloneAgain);
        Assert.All(db.ChangeTracker.Entries<Category>(), e => Assert.True(e.Entity.Id > 0));
        Assert.Equal(24, await db.Categories.Select(c => c.Id).Distinct().CountAsync());
        Assert.Equal(
            Enumerable.Range(0, 8).Select(i => $"groupe {i}"),
            await db.Categories.Where(c => c.Slug.StartsWith("groupe-")).OrderBy(c => c.Id).Select(c => c.Name).ToListAsync());
    }
}
