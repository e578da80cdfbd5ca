using System.Text;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Files;

/// <summary>What the captions route needs to decide and to answer, with the access of the video's resource.</summary>
public sealed record CaptionsDownload(int LinkId, string StorageKey, string Sha256, DateTime UpdatedAt, bool IsPrivate, bool IsPubliclyVisible) : IPrivacyAware;

/// <summary>
/// The WebVTT captions of a resource's video: checked on upload (a real WebVTT file, UTF-8, bounded),
/// kept in the file store, served with the access rule of the resource (ADR-021).
/// </summary>
public sealed class VideoCaptionsService(AppDbContext db, IFileStore store, TimeProvider clock)
{
    /// <summary>Captions of an hour-long talk weigh about 100 KB: a megabyte leaves room and refuses a video sent by mistake.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The route of a video's captions.</summary>
    public static string UrlOf(int linkId) => $"/fichiers/sous-titres/{linkId}.vtt";

    public Task<CaptionsDownload?> FindAsync(int linkId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.ResourceLinks.AsNoTracking()
            .Where(l => l.Id == linkId && l.Kind == LinkKind.Video && l.CaptionsStorageKey != null)
            .Select(l => new CaptionsDownload(
                l.Id, l.CaptionsStorageKey!, l.CaptionsSha256!, l.CaptionsUpdatedAt ?? DateTime.UnixEpoch, l.Resource.IsPrivate,
                db.Resources.Where(Visibility.IsPublic(now)).Any(r => r.Id == l.ResourceId)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Checks and stores the captions of a video link; returns the refusal in French, or null once saved.</summary>
    public async Task<string?> UploadAsync(int resourceId, int linkId, UploadedFile? file, CancellationToken cancellationToken = default)
    {
        var link = await db.ResourceLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.ResourceId == resourceId && l.Kind == LinkKind.Video, cancellationToken);
        if (link is null)
        {
            return "Cette vidéo n'existe plus : enregistrez la ressource, puis envoyez ses sous-titres.";
        }

        if (file is null || file.Length == 0)
        {
            return "Aucun fichier de sous-titres reçu : choisissez un fichier WebVTT (.vtt).";
        }

        var name = AttachmentService.SafeFileName(file.FileName);
        if (file.Length > MaxBytes)
        {
            return $"« {name} » est trop lourd pour des sous-titres : {MaxBytes / 1024} Ko au plus.";
        }

        using var content = new MemoryStream();
        await using (var received = file.Open())
        {
            // Read one byte past the limit: the declared length of a multipart section is not a promise.
            await CopyAtMostAsync(received, content, MaxBytes + 1, cancellationToken);
        }

        if (content.Length > MaxBytes)
        {
            return $"« {name} » est trop lourd pour des sous-titres : {MaxBytes / 1024} Ko au plus.";
        }

        if (Problem(content.ToArray()) is string problem)
        {
            return $"« {name} » n'est pas un fichier de sous-titres WebVTT : {problem}";
        }

        content.Position = 0;
        var stored = await store.SaveAsync(content, cancellationToken);
        var previous = link.DropCaptions();
        link.CaptionsStorageKey = stored.StorageKey;
        link.CaptionsSha256 = stored.Sha256;
        link.CaptionsLength = stored.Length;
        link.CaptionsUpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        if (previous is not null)
        {
            await store.DeleteAsync(previous, cancellationToken);
        }

        return null;
    }

    public async Task<bool> RemoveAsync(int resourceId, int linkId, CancellationToken cancellationToken = default)
    {
        var link = await db.ResourceLinks.SingleOrDefaultAsync(l => l.Id == linkId && l.ResourceId == resourceId, cancellationToken);
        if (link?.DropCaptions() is not string key)
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        await store.DeleteAsync(key, cancellationToken);
        return true;
    }

    /// <summary>
    /// Why the bytes are not WebVTT, or null: UTF-8 (a byte order mark allowed), and a first line that
    /// is "WEBVTT" alone or followed by a space or a tab, as the WebVTT specification requires.
    /// </summary>
    public static string? Problem(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return "il n'est pas encodé en UTF-8. Enregistrez-le en UTF-8 depuis votre éditeur de sous-titres.";
        }

        // One byte order mark, as the specification allows; a browser reads a second one as text
        // before the signature and refuses the whole file.
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }
        if (!text.StartsWith("WEBVTT", StringComparison.Ordinal) || (text.Length > 6 && text[6] is not (' ' or '\t' or '\n' or '\r')))
        {
            return "sa première ligne doit être « WEBVTT ». Un fichier SRT se convertit en WebVTT avec la plupart des éditeurs de sous-titres.";
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return "il contient des caractères nuls.";
        }

        return null;
    }

    private static async Task CopyAtMostAsync(Stream source, Stream target, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while (target.Length < limit && (read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - target.Length)), cancellationToken)) > 0)
        {
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }
}
