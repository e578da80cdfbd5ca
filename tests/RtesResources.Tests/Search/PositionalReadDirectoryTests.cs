using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using RtesResources.Web.Features.Search;

namespace RtesResources.Tests.Search;

/// <summary>The index folder read with positional reads: whole files and compound-file slices, from many threads at once.</summary>
public sealed class PositionalReadDirectoryTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "rtes-tests", "pread-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ConcurrentSearchesReadTheSameFiles(bool compoundFiles)
    {
        System.IO.Directory.CreateDirectory(_folder);
        using (var directory = new PositionalReadDirectory(new DirectoryInfo(_folder)))
        {
            var config = new IndexWriterConfig(FrenchSearchAnalyzer.Version, FrenchSearchAnalyzer.ForQueries) { UseCompoundFile = compoundFiles };
            config.MergePolicy.NoCFSRatio = compoundFiles ? 1.0 : 0.0;
            using var writer = new IndexWriter(directory, config);
            for (var i = 0; i < 3_000; i++)
            {
                writer.AddDocument(
                [
                    new TextField("body", $"document {i} {(i % 3 == 0 ? "coopérative" : "association")} {string.Join(' ', Enumerable.Repeat("texte", i % 50))}", Field.Store.YES),
                ]);
            }

            writer.Commit();
        }

        using var reading = new PositionalReadDirectory(new DirectoryInfo(_folder));
        Assert.Equal(compoundFiles, reading.ListAll().Any(f => f.EndsWith(".cfs", StringComparison.Ordinal)));
        using var reader = DirectoryReader.Open(reading);
        var searcher = new IndexSearcher(reader);
        var counts = new int[16];
        Parallel.For(0, counts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, n =>
        {
            var top = searcher.Search(new TermQuery(new Term("body", IndexCatalogue.Analyze("coopérative")[0].Term)), 5_000);
            counts[n] = top.TotalHits;
            Assert.All(top.ScoreDocs.Take(50), hit => Assert.Contains("coopérative", searcher.Doc(hit.Doc).Get("body"), StringComparison.Ordinal));
        });

        Assert.All(counts, count => Assert.Equal(1_000, count));
    }
}
