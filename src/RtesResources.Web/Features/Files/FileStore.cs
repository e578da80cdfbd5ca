using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace RtesResources.Web.Features.Files;

/// <summary>Where attachments' bytes are kept.</summary>
public enum StorageProvider
{
    /// <summary>A folder (<see cref="StorageOptions.Root"/>): a shared volume when several instances run.</summary>
    Local,

    /// <summary>A container of an Azure Storage account (<see cref="StorageOptions.AzureBlob"/>).</summary>
    AzureBlob,
}

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    /// <summary>The folder that holds attached files; relative paths are under the content root. Never under wwwroot.</summary>
    public string Root { get; set; } = "App_Data/files";

    /// <summary>Used when <see cref="Provider"/> is <see cref="StorageProvider.AzureBlob"/>.</summary>
    public AzureBlobStorageOptions AzureBlob { get; set; } = new();
}

/// <summary>The "Storage:AzureBlob" section. The connection string is a secret: environment or user secrets, never appsettings.json.</summary>
public sealed class AzureBlobStorageOptions
{
    public string? ConnectionString { get; set; }

    /// <summary>The container that holds the files; created at start when missing.</summary>
    public string? Container { get; set; }
}

public sealed record StoredFile(string StorageKey, long Length, string Sha256);

/// <summary>Where attachments' bytes live. Keys are generated here, never taken from a user's file name.</summary>
public interface IFileStore
{
    Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>
    /// The file's bytes, or null when the key is unknown. The stream can seek and knows its length, so
    /// that range requests are answered from it whichever store holds the file.
    /// </summary>
    Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default);

    Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default);

    /// <summary>Whether the store answers at all (readiness): its folder or container can be listed.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken = default);
}

/// <summary>A local folder (a shared volume when several instances run).</summary>
public sealed class LocalFileStore : IFileStore
{
    private readonly string _root;

    public LocalFileStore(IOptions<StorageOptions> options, IWebHostEnvironment environment)
    {
        var root = options.Value.Root;
        _root = Path.GetFullPath(Path.IsPathRooted(root) ? root : Path.Combine(environment.ContentRootPath, root));
        Directory.CreateDirectory(_root);
    }

    public async Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default)
    {
        var key = StorageKeys.New();
        var path = PathOf(key)!;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length += read;
            }
        }

        return new StoredFile(key, length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        var path = PathOf(storageKey);
        return Task.FromResult<Stream?>(path is not null && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string storageKey, CancellationToken cancellationToken = default)
    {
        var path = PathOf(storageKey);
        if (path is not null && File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    public Task<bool> IsReachableAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // Listing one entry proves the folder (or the shared volume behind it) is there and readable.
            _ = Directory.EnumerateFileSystemEntries(_root).FirstOrDefault();
            return Task.FromResult(true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(false);
        }
    }

    private string? PathOf(string key) => StorageKeys.RelativePath(key) is { } relative ? Path.Combine(_root, relative) : null;
}

/// <summary>
/// Storage keys, the same for every store: 32 hex digits and ".bin", kept under a prefix of their first two
/// digits (256 sub-folders, or blob name prefixes), so that a folder copied into a container, or back, still works.
/// </summary>
public static class StorageKeys
{
    public static string New() => $"{Guid.NewGuid():N}.bin";

    /// <summary>"ab/ab….bin" for a well-formed key; null for anything else, which is refused.</summary>
    public static string? RelativePath(string key)
    {
        if (key.Length != 36 || !key.EndsWith(".bin", StringComparison.Ordinal) || !key[..32].All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        return key[..2] + "/" + key;
    }
}
