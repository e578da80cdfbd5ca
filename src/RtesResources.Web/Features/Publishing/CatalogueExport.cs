using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;

namespace RtesResources.Web.Features.Publishing;

/// <summary>The catalogue (without the bin) as one file of the import's format (docs/import.md), read back by the import unchanged.</summary>
public sealed class CatalogueExport(AppDbContext db)
{
    public async Task<byte[]> ExportAsync(TransferFormat format, CancellationToken cancellationToken = default)
    {
        var resources = await db.Resources.AsNoTracking()
            .Where(r => r.DeletedAt == null)
            .OrderBy(r => r.Id)
            .Select(r => new
            {
                r.ExternalId,
                r.Slug,
                r.Title,
                Kind = r.Kind.Slug,
                r.SourceType,
                Categories = r.Categories.OrderBy(c => c.Name).Select(c => c.Name).ToList(),
                r.IsPrivate,
                r.SummaryMarkdown,
                r.BodyMarkdown,
                r.PublishedOn,
                r.EventDate,
                Speakers = r.Speakers.OrderBy(s => s.Position).Select(s => new { s.Speaker.Name, s.Role, s.Organisation }).ToList(),
                Links = r.Links.OrderBy(l => l.Position).Select(l => new { l.Kind, l.Label, l.Url }).ToList(),
                Series = r.Series == null ? null : r.Series.Name,
                r.SeriesNumber,
                r.Licence,
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var rows = resources.Select(r => new[]
        {
            r.ExternalId ?? "",
            r.Slug,
            r.Title,
            r.Kind,
            r.SourceType,
            string.Join(" | ", r.Categories),
            r.IsPrivate ? "oui" : "non",
            r.SummaryMarkdown,
            r.BodyMarkdown,
            r.PublishedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            r.EventDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "",
            string.Join("\n", r.Speakers.Select(s => string.Join(", ", new[] { s.Name, s.Role, s.Organisation }.Where(p => !string.IsNullOrEmpty(p))))),
            string.Join(" | ", r.Links.Select(l => CatalogueFile.FormatLink(l.Kind, l.Label, l.Url))),
            r.Series ?? "",
            r.SeriesNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
            r.Licence,
        }).ToList();

        return await CatalogueFile.WriteAsync(format, rows);
    }
}
