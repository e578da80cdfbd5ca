using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;

namespace RtesResources.Web.Features.Files;

/// <summary>What the file controller needs to decide and to answer: never the bytes' location alone.</summary>
public sealed record AttachmentDownload(Guid Id, string FileName, string ContentType, long Length, string Sha256, string StorageKey, DateTime CreatedAt, bool IsPrivate, bool IsPubliclyVisible) : IPrivacyAware;

public sealed class AttachmentService(AppDbContext db, IFileStore store, TimeProvider clock)
{
    public Task<AttachmentDownload?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Attachments.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new AttachmentDownload(
                a.Id, a.FileName, a.ContentType, a.Length, a.Sha256, a.StorageKey, a.CreatedAt, a.Resource.IsPrivate,
                a.DeletedAt == null && db.Resources.Where(Visibility.IsPublic(now)).Any(r => r.Id == a.ResourceId)))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Stores the bytes and attaches them to the resource, last in order.</summary>
    public async Task<Attachment> AddAsync(Resource resource, Stream content, string fileName, string contentType, string label, CancellationToken cancellationToken = default)
    {
        var stored = await store.SaveAsync(content, cancellationToken);
        // Saved attachments plus those added in this unit of work and not saved yet.
        var saved = resource.Id == 0 ? 0 : await db.Attachments.CountAsync(a => a.ResourceId == resource.Id, cancellationToken);
        var pending = db.ChangeTracker.Entries<Attachment>().Count(e => e.State == EntityState.Added && e.Entity.Resource == resource);
        var position = saved + pending;
        var attachment = new Attachment
        {
            Id = Guid.NewGuid(),
            Resource = resource,
            Label = label,
            FileName = SafeFileName(fileName),
            ContentType = contentType,
            Length = stored.Length,
            Sha256 = stored.Sha256,
            StorageKey = stored.StorageKey,
            Position = position,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Attachments.Add(attachment);
        return attachment;
    }

    /// <summary>A file name safe in a URL, a header and any file system: no path, no control characters, bounded.</summary>
    public static string SafeFileName(string? name)
    {
        var bare = Path.GetFileName((name ?? "").Replace('\\', '/'));
        var cleaned = new string(bare.Where(c => !char.IsControl(c) && c is not ('"' or '/' or ':' or '*' or '?' or '<' or '>' or '|')).ToArray()).Trim().Trim('.');
        if (cleaned.Length == 0)
        {
            cleaned = "fichier";
        }

        if (cleaned.Length > 120)
        {
            var extension = Path.GetExtension(cleaned);
            cleaned = cleaned[..(120 - Math.Min(extension.Length, 10))] + extension[..Math.Min(extension.Length, 10)];
        }

        return cleaned;
    }
}
