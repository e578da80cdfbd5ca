using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Features.Files;

namespace RtesResources.Tests.Storage;

/// <summary>What every file store does, run once for the local folder and once for Azure Blob Storage (Azurite).</summary>
public abstract class FileStoreContractTests
{
    protected abstract IFileStore Store { get; }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    private async Task<byte[]> ReadAllAsync(string key)
    {
        await using var stream = await Store.OpenReadAsync(key);
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task ASavedFileReadsBackWithItsLengthAndSha256()
    {
        var bytes = RandomBytes(300_000);

        var stored = await Store.SaveAsync(new MemoryStream(bytes));

        Assert.Matches("^[0-9a-f]{32}\\.bin$", stored.StorageKey);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(stored.StorageKey));
    }

    [Fact]
    public async Task AnUploadLargerThanOneBlockIsStreamedFromAStreamThatCannotSeek()
    {
        // Over two of the blob store's 4 MB blocks, from a stream like a request body's.
        var bytes = RandomBytes(9 * 1024 * 1024 + 123);

        var stored = await Store.SaveAsync(new ForwardOnlyStream(bytes));

        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), stored.Sha256);
        Assert.Equal(bytes, await ReadAllAsync(stored.StorageKey));
    }

    [Fact]
    public async Task TheReadStreamSeeksAndKnowsItsLengthForRangeRequests()
    {
        var bytes = RandomBytes(2 * 1024 * 1024 + 5);
        var stored = await Store.SaveAsync(new MemoryStream(bytes));

        await using var stream = await Store.OpenReadAsync(stored.StorageKey);

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

    [Fact]
    public async Task EachSaveHasAKeyOfItsOwn()
    {
        var first = await Store.SaveAsync(new MemoryStream([1, 2, 3]));
        var second = await Store.SaveAsync(new MemoryStream([1, 2, 3]));

        Assert.NotEqual(first.StorageKey, second.StorageKey);
        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef.bin")]
    [InlineData("../appsettings.json")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF.bin")]
    [InlineData("")]
    public async Task AnUnknownOrMalformedKeyReadsAsNothing(string key)
    {
        Assert.Null(await Store.OpenReadAsync(key));
    }

    [Fact]
    public async Task ADeletedFileIsGoneAndDeletingItAgainIsHarmless()
    {
        var stored = await Store.SaveAsync(new MemoryStream(RandomBytes(1_000)));
        var kept = await Store.SaveAsync(new MemoryStream(RandomBytes(1_001)));

        await Store.DeleteAsync(stored.StorageKey);
        await Store.DeleteAsync(stored.StorageKey);
        await Store.DeleteAsync("../appsettings.json");

        Assert.Null(await Store.OpenReadAsync(stored.StorageKey));
        Assert.Equal(1_001, (await ReadAllAsync(kept.StorageKey)).Length);
    }

    [Fact]
    public async Task TheStoreIsReachable()
    {
        Assert.True(await Store.IsReachableAsync());
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

public sealed class LocalFileStoreContractTests : FileStoreContractTests, IDisposable
{
    private readonly TempFolder _folder = new();

    public LocalFileStoreContractTests() =>
        Store = new LocalFileStore(Options.Create(new StorageOptions { Root = _folder.Path }), new ContentRoot(_folder.Path));

    protected override IFileStore Store { get; }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FilesAreKeptInSubFoldersOfTheirKeysFirstTwoDigits()
    {
        var stored = await Store.SaveAsync(new MemoryStream([1]));

        Assert.True(File.Exists(Path.Combine(_folder.Path, stored.StorageKey[..2], stored.StorageKey)));
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

public sealed class AzureBlobFileStoreContractTests(AzuriteFixture azurite) : FileStoreContractTests, IClassFixture<AzuriteFixture>
{
    private readonly string _container = AzuriteServer.NewContainerName();

    protected override IFileStore Store => field ??= new AzureBlobFileStore(
        Options.Create(new StorageOptions
        {
            Provider = StorageProvider.AzureBlob,
            AzureBlob = new AzureBlobStorageOptions { ConnectionString = azurite.Server.ConnectionString, Container = _container },
        }),
        NullLogger<AzureBlobFileStore>.Instance);

    [Fact]
    public async Task TheContainerIsCreatedWhenMissingAndBlobsAreNamedAsTheLocalFolderKeepsThem()
    {
        var container = azurite.Server.Container(_container);
        Assert.False(await container.ExistsAsync());

        var stored = await Store.SaveAsync(new MemoryStream([1, 2, 3]));

        Assert.True(await container.ExistsAsync());
        Assert.True(await container.GetBlobClient(stored.StorageKey[..2] + "/" + stored.StorageKey).ExistsAsync());
    }

    [Fact]
    public async Task AFileIsNeverWrittenOverAnother()
    {
        // Another writer's blob under the key this store would use can only come from a bug or an
        // attack: the upload's If-None-Match: * makes it fail instead of replacing the file.
        var stored = await Store.SaveAsync(new MemoryStream([1, 2, 3]));
        var blob = azurite.Server.Container(_container).GetBlobClient(stored.StorageKey[..2] + "/" + stored.StorageKey);

        var refused = await Assert.ThrowsAsync<Azure.RequestFailedException>(() => blob.UploadAsync(new BinaryData(new byte[] { 9 }), new Azure.Storage.Blobs.Models.BlobUploadOptions { Conditions = new Azure.Storage.Blobs.Models.BlobRequestConditions { IfNoneMatch = Azure.ETag.All } }));

        Assert.Equal(409, refused.Status);
        await using var stream = await Store.OpenReadAsync(stored.StorageKey);
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
