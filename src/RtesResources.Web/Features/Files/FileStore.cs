using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace RtesResources.Web.Features.Files;

/// <summary>The "Storage" configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The folder that holds attached files; relative paths are under the content root. Never under wwwroot.</summary>
    public string Root { get; set; } = "App_Data/files";
}

public sealed record StoredFile(string StorageKey, long Length, string Sha256);

/// <summary>Where attachments' bytes live. Keys are generated here, never taken from a user's file name.</summary>
public interface IFileStore
{
    Task<StoredFile> SaveAsync(Stream content, CancellationToken cancellationToken = default);

    /// <summary>The file's bytes, or null when the key is unknown.</summary>
    Stream? OpenRead(string storageKey);

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
        var key = $"{Guid.NewGuid():N}.bin";
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

    public Stream? OpenRead(string storageKey)
    {
        var path = PathOf(storageKey);
        return path is not null && File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null;
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

    /// <summary>Keys are 32 hex digits and ".bin", spread over 256 sub-folders; anything else is refused.</summary>
    private string? PathOf(string key)
    {
        if (key.Length != 36 || !key.EndsWith(".bin", StringComparison.Ordinal) || !key[..32].All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        return Path.Combine(_root, key[..2], key);
    }
}
