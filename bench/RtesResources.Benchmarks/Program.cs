using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Features.Content;

// Catalogue benchmark: builds a SQLite catalogue of N resources (default 5,000), then times the
// catalogue's real queries. Usage: dotnet run -c Release --project bench/RtesResources.Benchmarks [-- N]
var count = args.Length > 0 && int.TryParse(args[0], out var n) && n > 0 ? n : 5_000;
const int Warmup = 5;
const int Runs = 40;

var folder = Directory.CreateTempSubdirectory("rtes-bench-");
var connection = $"Data Source={Path.Combine(folder.FullName, "bench.db")}";
try
{
    await using (var db = CreateContext(connection))
    {
        await db.Database.MigrateAsync();
        var watch = Stopwatch.StartNew();
        await FillAsync(db, count);
        Console.WriteLine($"Catalogue of {count:N0} resources built in {watch.Elapsed.TotalSeconds:F1} s (SQLite, {Environment.ProcessorCount} cores)");
    }

    Console.WriteLine($"{"scenario",-44} {"median ms",10} {"p95 ms",10} {"results",8}");
    await MeasureAsync("first page, no filter", new CatalogueQuery());
    await MeasureAsync("page 50", new CatalogueQuery { Page = "50" });
    await MeasureAsync("kind + year", new CatalogueQuery { Type = "fiche", Annee = "2021" });
    await MeasureAsync("category + access", new CatalogueQuery { Thematique = "theme-3", Acces = "public" });
    await MeasureAsync("search one word", new CatalogueQuery { Q = "economie" });
    await MeasureAsync("search two words + kind", new CatalogueQuery { Q = "solidaire territoire", Type = "etude" });
    await MeasureAsync("search, no match", new CatalogueQuery { Q = "introuvable" });
    await MeasureDetailAsync();
}
finally
{
    SqliteConnection.ClearAllPools();
    folder.Delete(recursive: true);
}

async Task MeasureAsync(string name, CatalogueQuery query)
{
    var filter = CatalogueFilter.Parse(query);
    var results = 0;
    var timings = await TimeAsync(async db =>
    {
        // The database fallback of the catalogue (the search index is measured by bench/run.sh).
        var kindId = filter.Kind is null ? null : await db.ResourceKinds.Where(k => k.Slug == filter.Kind).Select(k => (int?)k.Id).SingleOrDefaultAsync();
        var categoryId = filter.Category is null ? null : await db.Categories.Where(c => c.Slug == filter.Category).Select(c => (int?)c.Id).SingleOrDefaultAsync();
        var criteria = new CatalogueCriteria { SearchTerms = filter.SearchTerms, KindId = kindId, CategoryId = categoryId, Year = filter.Year, Access = filter.Access, Now = DateTime.UtcNow };
        results = (await new DatabaseCatalogue(db).SearchAsync(criteria, filter.Page, CancellationToken.None)).Total;
    });
    Print(name, timings, results);
}

async Task MeasureDetailAsync()
{
    var timings = await TimeAsync(async db => await new DatabaseCatalogue(db).RelatedQuery(42, [1, 2], null, DateTime.UtcNow).ToListAsync());
    Print("related resources (database)", timings, 1);
}

async Task<List<double>> TimeAsync(Func<AppDbContext, Task> action)
{
    var timings = new List<double>();
    for (var i = 0; i < Warmup + Runs; i++)
    {
        await using var db = CreateContext(connection);
        var watch = Stopwatch.StartNew();
        await action(db);
        if (i >= Warmup)
        {
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    timings.Sort();
    return timings;
}

static void Print(string name, List<double> sorted, int results) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} {sorted[sorted.Count / 2],10:F2} {sorted[(int)(sorted.Count * 0.95)],10:F2} {results,8}"));

static SqliteAppDbContext CreateContext(string connectionString) =>
    new(new DbContextOptionsBuilder<SqliteAppDbContext>()
        .UseSqlite(connectionString)
        .AddInterceptors(new TimestampInterceptor(TimeProvider.System), new ResourceContentInterceptor(new MarkdownRenderer()))
        .Options);

static async Task FillAsync(AppDbContext db, int count)
{
    string[] kinds = ["conference-en-ligne", "fiche", "etude", "video", "diaporama", "compte-rendu"];
    var kindEntities = kinds.Select((k, i) => new ResourceKind { Slug = k, Name = k, PluralName = k, Position = i }).ToList();
    var categories = Enumerable.Range(1, 12).Select(i => new Category { Slug = $"theme-{i}", Name = $"Thème {i}" }).ToList();
    var speakers = Enumerable.Range(1, 200).Select(i => new Speaker { Slug = $"intervenant-{i}", Name = $"Intervenant {i}" }).ToList();
    db.AddRange(kindEntities);
    db.AddRange(categories);
    db.AddRange(speakers);
    await db.SaveChangesAsync();

    var random = new Random(42);
    string[] words = ["économie", "sociale", "solidaire", "territoire", "collectivité", "élu·es", "coopération", "insertion", "métropole", "commande publique", "alimentation", "mobilité"];
    string Sentence(int length) => string.Join(' ', Enumerable.Range(0, length).Select(_ => words[random.Next(words.Length)]));

    for (var batch = 0; batch < count; batch += 500)
    {
        for (var i = batch; i < Math.Min(count, batch + 500); i++)
        {
            var resource = new Resource
            {
                Slug = $"ressource-{i:00000}",
                Title = $"Ressource {i} : {Sentence(5)}",
                KindId = kindEntities[random.Next(kindEntities.Count)].Id,
                IsPrivate = random.Next(5) == 0,
                SummaryMarkdown = Sentence(60),
                BodyMarkdown = string.Join("\n\n", Enumerable.Range(0, 8).Select(_ => Sentence(80))),
                PublishedOn = new DateOnly(2015, 1, 1).AddDays(random.Next(4000)),
            };
            resource.PublishAt = resource.PublishedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            resource.Categories.Add(categories[random.Next(categories.Count)]);
            resource.Categories.Add(categories[random.Next(categories.Count)]);
            resource.Speakers.Add(new ResourceSpeaker { SpeakerId = speakers[random.Next(speakers.Count)].Id });
            db.Resources.Add(resource);
        }

        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        db.AttachRange(categories);
    }
}
