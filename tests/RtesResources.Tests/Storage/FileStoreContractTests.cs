using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Files;

namespace RtesResources.Tests.Storage;

/// <summary>
/// What every file store does, each test run once for the local folder and once for Azure Blob Storage
/// (Azurite; skipped with the reason on a machine without it, outside CI).
/// </summary>
public sealed class FileStoreContractTests(FileStores stores) : IClassFixture<FileStores>
{
    public const string Local = "local";
    public const string AzureBlob = "azure-blob";

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private static async Task<byte[]> ReadAllAsync(IFileStore store, string key)
    {
        await using var stream = await store.OpenReadAsync(key);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task ASavedFileReadsBackWithItsLengthAndSha256(string kind)
    {
        var store = await stores.NewAsync(kind);
        var bytes = RandomBytes(300_000);

        var stored = await store.SaveAsync(new MemoryStream(bytes));

        Assert.Matches("^[0-9a-f]{32}\\.bin$", stored.StorageKey);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(store, stored.StorageKey));
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task AnUploadLargerThanOneBlockIsStreamedFromAStreamThatCannotSeek(string kind)
    {
        var store = await stores.NewAsync(kind);
        // Over two of the blob store's 4 MB blocks, from a stream like a request body's.
        var bytes = RandomBytes(9 * 1024 * 1024 + 123);

        var stored = await store.SaveAsync(new ForwardOnlyStream(bytes));

        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(store, stored.StorageKey));
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task TheReadStreamSeeksAndKnowsItsLengthForRangeRequests(string kind)
    {
        var store = await stores.NewAsync(kind);
        var bytes = RandomBytes(2 * 1024 * 1024 + 5);
        var stored = await store.SaveAsync(new MemoryStream(bytes));

        await using var stream = await store.OpenReadAsync(stored.StorageKey);

        Assert.NotNull(stream);
        Assert.True(stream.CanSeek);
        Assert.Equal(bytes.Length, stream.Length);
        stream.Seek(1_500_000, SeekOrigin.Begin);
        var slice = new byte[1_000];
        await stream.ReadExactlyAsync(slice);
        Assert.Equal(bytes[1_500_000..1_501_000], slice);
        stream.Seek(10, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(slice.AsMemory(0, 10));
        Assert.Equal(bytes[10..20], slice[..10]);
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task EachSaveHasAKeyOfItsOwn(string kind)
    {
        var store = await stores.NewAsync(kind);
        var first = await store.SaveAsync(new MemoryStream([1, 2, 3]));
        var second = await store.SaveAsync(new MemoryStream([1, 2, 3]));

        Assert.NotEqual(first.StorageKey, second.StorageKey);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task AnUnknownOrMalformedKeyReadsAsNothing(string kind)
    {
        var store = await stores.NewAsync(kind);
        foreach (var key in new[] { "0123456789abcdef0123456789abcdef.bin", "../appsettings.json", "0123456789ABCDEF0123456789ABCDEF.bin", "" })
        {
            Assert.Null(await store.OpenReadAsync(key));
        }
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task ADeletedFileIsGoneAndDeletingItAgainIsHarmless(string kind)
    {
        var store = await stores.NewAsync(kind);
        var stored = await store.SaveAsync(new MemoryStream(RandomBytes(1_000)));
        var kept = await store.SaveAsync(new MemoryStream(RandomBytes(1_001)));

        await store.DeleteAsync(stored.StorageKey);
        await store.DeleteAsync(stored.StorageKey);
        await store.DeleteAsync("../appsettings.json");

        Assert.Null(await store.OpenReadAsync(stored.StorageKey));
        Assert.Equal(1_001, (await ReadAllAsync(store, kept.StorageKey)).Length);
    }

    [Theory]
    [InlineData(Local)]
    [AzuriteData(AzureBlob)]
    public async Task TheStoreIsReachable(string kind)
    {
        var store = await stores.NewAsync(kind);
        Assert.True(await store.IsReachableAsync());
    }

    /// <summary>Reads like a request body: forward only, its length unknown.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }
}

/// <summary>
/// New stores for the contract tests: each a folder of its own, or a container of its own on one Azurite
/// started with the first Azure Blob test.
/// </summary>
public sealed class FileStores : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private AzuriteServer? _azurite;

    public async Task<IFileStore> NewAsync(string kind) => kind switch
    {
        FileStoreContractTests.Local => NewLocal(Directory.CreateDirectory(Path.Combine(_folder.Path, Guid.NewGuid().ToString("N"))).FullName),
        FileStoreContractTests.AzureBlob => NewAzureBlob(await AzuriteAsync(), AzuriteServer.NewContainerName()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store."),
    };

    public static LocalFileStore NewLocal(string root) =>
        new(Options.Create(new StorageOptions { Root = root }), new ContentRoot(root));

    public static AzureBlobFileStore NewAzureBlob(AzuriteServer azurite, string container) => new(
        Options.Create(new StorageOptions
        {
            Provider = StorageProvider.AzureBlob,
            AzureBlob = new AzureBlobStorageOptions { ConnectionString = azurite.ConnectionString, Container = container },
        }),
        NullLogger<AzureBlobFileStore>.Instance);

    public async Task<AzuriteServer> AzuriteAsync()
    {
        await _starting.WaitAsync();
        try
        {
            return _azurite ??= await AzuriteServer.StartAsync();
        }
        finally
        {
            _starting.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    // xunit calls DisposeAsync and then Dispose on a fixture that has both: the folder is deleted
    // here only (deleting it twice failed the class's cleanup).
    public void Dispose()
    {
        _starting.Dispose();
        _folder.Dispose();
    }

    private sealed class ContentRoot(string path) : Microsoft.AspNetCore.Hosting.IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = path;

        public Microsoft.Extensions.FileProviders.IFileProvider WebRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();

        public string ApplicationName { get; set; } = "RtesResources.Tests";

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();

        public string ContentRootPath { get; set; } = path;

        public string EnvironmentName { get; set; } = "Testing";
    }
}

/// <summary>What only the local folder does.</summary>
public sealed class LocalFileStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FilesAreKeptInSubFoldersOfTheirKeysFirstTwoDigits()
    {
        var stored = await FileStores.NewLocal(_folder.Path).SaveAsync(new MemoryStream([1]));

        Assert.True(File.Exists(Path.Combine(_folder.Path, stored.StorageKey[..2], stored.StorageKey)));
    }
}

/// <summary>What only Azure Blob Storage does.</summary>
public sealed class AzureBlobFileStoreTests(FileStores stores) : IClassFixture<FileStores>
{
    [AzuriteFact]
    public async Task TheContainerIsCreatedWhenMissingAndBlobsAreNamedAsTheLocalFolderKeepsThem()
    {
        var azurite = await stores.AzuriteAsync();
        var name = AzuriteServer.NewContainerName();
        var container = azurite.Container(name);
        Assert.False(await container.ExistsAsync());

        var stored = await FileStores.NewAzureBlob(azurite, name).SaveAsync(new MemoryStream([1, 2, 3]));

        Assert.True(await container.ExistsAsync());
        Assert.True(await container.GetBlobClient(stored.StorageKey[..2] + "/" + stored.StorageKey).ExistsAsync());
    }

    [AzuriteFact]
    public async Task AFileIsNeverWrittenOverAnother()
    {
        // Another writer's blob under the key this store would use can only come from a bug or an
        // attack: the upload's If-None-Match: * makes it fail instead of replacing the file.
        var azurite = await stores.AzuriteAsync();
        var name = AzuriteServer.NewContainerName();
        var store = FileStores.NewAzureBlob(azurite, name);
        var stored = await store.SaveAsync(new MemoryStream([1, 2, 3]));
        var blob = azurite.Container(name).GetBlobClient(stored.StorageKey[..2] + "/" + stored.StorageKey);

        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => blob.UploadAsync(new BinaryData(new byte[] { 9 }), new Azure.Storage.Blobs.Models.BlobUploadOptions { Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = Azure.ETag.All } }));

        Assert.Equal(409, refused.Status);
        await using var stream = await store.OpenReadAsync(stored.StorageKey);
        Assert.Equal(3, stream!.Length);
    }

    [Theory]
    [InlineData("", "fichiers", false)]
    [InlineData("pas une chaîne de connexion", "fichiers", false)]
    [InlineData("UseDevelopmentStorage=true", "fichiers", true)]
    public void TheConnectionStringIsCheckedWithoutARequest(string connectionString, string container, bool valid)
    {
        Assert.Equal(valid, AzureBlobFileStore.IsValidConnectionString(connectionString));
        Assert.True(AzureBlobFileStore.IsValidContainerName(container));
    }

    [Theory]
    [InlineData("fichiers-rtes", true)]
    [InlineData("ab", false)]
    [InlineData("Fichiers", false)]
    [InlineData("-fichiers", false)]
    [InlineData("fichiers--rtes", false)]
    [InlineData("fichiers_rtes", false)]
    [InlineData(null, false)]
    public void ContainerNamesFollowAzuresRule(string? name, bool valid) =>
        Assert.Equal(valid, AzureBlobFileStore.IsValidContainerName(name));
}
