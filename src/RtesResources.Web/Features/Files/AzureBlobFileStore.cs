using System.Security.Cryptography;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Files;

/// <summary>
/// A container of an Azure Storage account, shared by every instance of the site (ADR-023). Blobs are
/// named as the local store's files ("ab/ab….bin"), never modified once written, and read through a
/// seekable stream so that the files controller answers range and conditional requests as it does for
/// a local file: the ETag and Last-Modified come from the database, not from the store.
/// </summary>
public sealed class AzureBlobFileStore : IFileStore
{
    // Uploads are sent in blocks of this size, so that a 50 MB upload never sits whole in memory
    // (the client library's default sends a stream of unknown length in one piece up to 256 MB).
    private const int BlockBytes = 4 * 1024 * 1024;

    // Each read of a download fetches this much: a range request for a few bytes does not download 4 MB.
    private const int ReadBufferBytes = 1024 * 1024;

    // Readiness must answer quickly when the account is unreachable, not after the retries' full minute.
    private static readonly TimeSpan ReachabilityBudget = TimeSpan.FromSeconds(5);

    private readonly BlobContainerClient _container;
    private readonly ILogger<AzureBlobFileStore> _logger;
    private volatile bool _containerExists;

    public AzureBlobFileStore(IOptions<StorageOptions> options, ILogger<AzureBlobFileStore> logger)
    {
        var settings = options.Value.AzureBlob;
        _container = new BlobContainerClient(settings.ConnectionString, settings.Container, ClientOptions());
        _logger = logger;
    }

    /// <summary>Short waits between retries: a transient error costs a second, an outage fails within a few.</summary>
    public static BlobClientOptions ClientOptions()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        return options;
    }

    /// <summary>Whether the connection string can be parsed (for the start-up validation; no request is made).</summary>
    public static bool IsValidConnectionString(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        try
        {
            _ = new BlobServiceClient(connectionString);
            return true;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Azure's container naming rule: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static bool IsValidContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && name[0] != '-' && name[^1] != '-'
        && !name.Contains("--", StringComparison.Ordinal);

    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var key = StorageKeys.New();
        await using var hashing = new HashingReadStream(content);
        await _container.GetBlobClient(StorageKeys.RelativePath(key)).UploadAsync(
            hashing,
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
                // Like the local store's FileMode.CreateNew: a key is written once, never over another file.
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                TransferOptions = new StorageTransferOptions
                {
                    InitialTransferSize = BlockBytes,
                    MaximumTransferSize = BlockBytes,
                    MaximumConcurrency = 2,
                },
            },
            cancellationToken);
        return new StoredFile(key, hashing.Length, hashing.Sha256());
    }

    public async Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        if (StorageKeys.RelativePath(storageKey) is not { } name)
        {
            return null;
        }

        try
        {
            // allowModifications false: every read of the stream is conditioned on the ETag seen at open.
            return await _container.GetBlobClient(name).OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false) { BufferSize = ReadBufferBytes },
                cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        if (StorageKeys.RelativePath(storageKey) is { } name)
        {
            await _container.GetBlobClient(name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        }
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(ReachabilityBudget);
        try
        {
            await EnsureContainerAsync(budget.Token);
            // Listing one blob proves the account answers and the credentials may read the container.
            await foreach (var _ in _container.GetBlobsAsync(new GetBlobsOptions(), budget.Token).AsPages(pageSizeHint: 1).WithCancellation(budget.Token))
            {
                break;
            }

            return true;
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or IOException or HttpRequestException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _containerExists = false;
            _logger.StorageUnreachable(exception, _container.Name);
            return false;
        }
    }

    /// <summary>Creates the container when missing: at start (see <see cref="FileStoreStartup"/>), then before any write until it is known to exist.</summary>
    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (_containerExists)
        {
            return;
        }

        await _container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        _containerExists = true;
    }

    /// <summary>Passes the upload through, counting and hashing it on the way, so that it is read only once and never buffered whole.</summary>
    private sealed class HashingReadStream(Stream inner) : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public override bool CanRead => true;

        // Not seekable on purpose: the client library then sends it block by block, never rewinding it.
        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            Append(buffer[..read]);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            Append(buffer.Span[..read]);
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            _hash.AppendData(bytes);
            _length += bytes.Length;
        }
    }
}

/// <summary>Checks the store once at start (creating a missing container); a store that does not answer is logged, and readiness says so.</summary>
public sealed class FileStoreStartup(IFileStore store, ILogger<FileStoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await store.IsReachableAsync(cancellationToken))
        {
            logger.StorageUnreachableAtStart();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
