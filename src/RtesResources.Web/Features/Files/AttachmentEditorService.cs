using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Data;

namespace RtesResources.Web.Features.Files;

public sealed record UploadedFile(string FileName, long Length, Func<Stream> Open);

public sealed record UploadReport(IReadOnlyList<string> Added, IReadOnlyList<string> Refused);

/// <summary>Editors' work on a resource's files: upload, rename, reorder, remove and restore.</summary>
public sealed class AttachmentEditorService(AppDbContext db, AttachmentService attachments, IFileStore store, IOptions<UploadOptions> options, TimeProvider clock)
{
    public async Task<UploadReport?> UploadAsync(int resourceId, IReadOnlyList<UploadedFile> files, CancellationToken cancellationToken = default)
    {
        var resource = await db.Resources.Include(r => r.Attachments).SingleOrDefaultAsync(r => r.Id == resourceId, cancellationToken);
        if (resource is null)
        {
            return null;
        }

        var settings = options.Value;
        var added = new List<string>();
        var refused = new List<string>();
        if (files.Count == 0)
        {
            refused.Add("Aucun fichier reçu : choisissez un ou plusieurs fichiers.");
        }

        if (files.Count > settings.MaxFilesPerUpload)
        {
            refused.Add($"{files.Count} fichiers envoyés : {settings.MaxFilesPerUpload} au plus à la fois.");
            files = [];
        }

        foreach (var file in files)
        {
            var name = AttachmentService.SafeFileName(file.FileName);
            if (file.Length == 0)
            {
                refused.Add($"« {name} » est vide.");
                continue;
            }

            if (file.Length > settings.MaxFileBytes)
            {
                refused.Add($"« {name} » pèse {Megabytes(file.Length)} : la limite est de {Megabytes(settings.MaxFileBytes)} par fichier.");
                continue;
            }

            await using var content = file.Open();
            await using var buffered = content.CanSeek ? null : new MemoryStream();
            var readable = content;
            if (buffered is not null)
            {
                await content.CopyToAsync(buffered, cancellationToken);
                readable = buffered;
            }

            var type = FileTypeSniffer.Sniff(readable);
            if (type is null)
            {
                refused.Add($"« {name} » n'est pas d'un type accepté ({FileTypeSniffer.AcceptedLabels}) : son contenu a été vérifié, quel que soit son nom.");
                continue;
            }

            var fileName = Path.ChangeExtension(name, type.Extension);
            var attachment = await attachments.AddAsync(resource, readable, fileName, type.ContentType, Path.GetFileNameWithoutExtension(name), cancellationToken);
            var twin = resource.Attachments.FirstOrDefault(a => a != attachment && a.Sha256 == attachment.Sha256 && a.DeletedAt is null);
            if (twin is not null)
            {
                resource.Attachments.Remove(attachment);
                db.Attachments.Remove(attachment);
                await store.DeleteAsync(attachment.StorageKey, cancellationToken);
                refused.Add($"« {name} » est déjà joint à cette ressource (« {twin.Label} ») : il n'a pas été ajouté une seconde fois.");
                continue;
            }

            // The same bytes attached elsewhere share one stored copy.
            var elsewhere = await db.Attachments.Where(a => a.Sha256 == attachment.Sha256 && a.ResourceId != resourceId).Select(a => new { a.StorageKey, a.Resource.Title }).FirstOrDefaultAsync(cancellationToken);
            if (elsewhere is not null)
            {
                await store.DeleteAsync(attachment.StorageKey, cancellationToken);
                attachment.StorageKey = elsewhere.StorageKey;
                added.Add($"« {fileName} » ({type.Label}, {Megabytes(attachment.Length)}) — le même fichier est déjà joint à « {elsewhere.Title} ».");
            }
            else
            {
                added.Add($"« {fileName} » ({type.Label}, {Megabytes(attachment.Length)})");
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new UploadReport(added, refused);
    }

    public async Task<string?> RenameAsync(int resourceId, Guid attachmentId, string? label, CancellationToken cancellationToken = default)
    {
        label = label?.Trim();
        if (string.IsNullOrEmpty(label) || label.Length > 300)
        {
            return "Le libellé est obligatoire (300 caractères au plus).";
        }

        var attachment = await db.Attachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.ResourceId == resourceId, cancellationToken);
        if (attachment is null)
        {
            return "Ce fichier n'existe plus.";
        }

        attachment.Label = label;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Moves a file one place up (-1) or down (+1) among the resource's visible files.</summary>
    public async Task MoveAsync(int resourceId, Guid attachmentId, int direction, CancellationToken cancellationToken = default)
    {
        var list = await db.Attachments.Where(a => a.ResourceId == resourceId && a.DeletedAt == null).OrderBy(a => a.Position).ToListAsync(cancellationToken);
        var index = list.FindIndex(a => a.Id == attachmentId);
        var target = index + Math.Sign(direction);
        if (index < 0 || target < 0 || target >= list.Count)
        {
            return;
        }

        (list[index], list[target]) = (list[target], list[index]);
        for (var i = 0; i < list.Count; i++)
        {
            list[i].Position = i;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<bool> SetRemovedAsync(int resourceId, Guid attachmentId, bool removed, CancellationToken cancellationToken = default)
    {
        var attachment = await db.Attachments.SingleOrDefaultAsync(a => a.Id == attachmentId && a.ResourceId == resourceId, cancellationToken);
        if (attachment is null)
        {
            return false;
        }

        attachment.DeletedAt = removed ? clock.GetUtcNow().UtcDateTime : null;
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static string Megabytes(long bytes) =>
        bytes < 1024 * 1024
            ? string.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), $"{bytes / 1024.0:0.#} Ko")
            : string.Create(System.Globalization.CultureInfo.GetCultureInfo("fr-FR"), $"{bytes / (1024.0 * 1024):0.#} Mo");
}
