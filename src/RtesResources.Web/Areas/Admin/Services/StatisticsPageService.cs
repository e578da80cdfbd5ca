using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Areas.Admin.Models;
using RtesResources.Web.Data;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Areas.Admin.Services;

/// <summary>The "Statistiques" screen and its CSV export: counts over a period, read from the daily and weekly counter rows.</summary>
public sealed class StatisticsPageService(AppDbContext db, TimeProvider clock)
{
    public const int TopCount = 20;
    public const int MaxYears = 5;
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly string[] ViewsAndDownloads = ["Consultations", "Téléchargements"];

    public async Task<StatisticsViewModel> GetAsync(StatisticsQuery query, CancellationToken cancellationToken = default)
    {
        var (from, to, errors) = Period(query);
        var views = db.ResourceViewDays.AsNoTracking().Where(v => v.Day >= from && v.Day <= to);
        var downloads = db.FileDownloadDays.AsNoTracking().Where(d => d.Day >= from && d.Day <= to);

        var mostViewed = await views
            .GroupBy(v => v.ResourceId)
            .Select(g => new { ResourceId = g.Key, Count = g.Sum(v => v.Count) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.ResourceId)
            .Take(TopCount)
            .Join(db.Resources, g => g.ResourceId, r => r.Id, (g, r) => new RankedCount(r.Title, r.Kind.Name, g.Count, r.Id))
            .ToListAsync(cancellationToken);
        var mostDownloaded = await downloads
            .GroupBy(d => d.AttachmentId)
            .Select(g => new { AttachmentId = g.Key, Count = g.Sum(d => d.Count) })
            .OrderByDescending(g => g.Count).ThenBy(g => g.AttachmentId)
            .Take(TopCount)
            .Join(db.Attachments, g => g.AttachmentId, a => a.Id, (g, a) => new RankedCount(a.Resource.Title, a.FileName, g.Count, a.ResourceId))
            .ToListAsync(cancellationToken);
        // Sorted again: the join does not keep the order everywhere.
        mostViewed = [.. mostViewed.OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Create(French, true))];
        mostDownloaded = [.. mostDownloaded.OrderByDescending(r => r.Count).ThenBy(r => r.Label, StringComparer.Create(French, true))];

        // Days, then months in memory: a period holds at most a few thousand days.
        var viewDays = await views.GroupBy(v => v.Day).Select(g => new { Day = g.Key, Count = g.Sum(v => v.Count) }).ToListAsync(cancellationToken);
        var downloadDays = await downloads.GroupBy(d => d.Day).Select(g => new { Day = g.Key, Count = g.Sum(d => d.Count) }).ToListAsync(cancellationToken);
        var months = new List<ChartRow>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var m = month;
            bool InMonth(DateOnly day) => day.Year == m.Year && day.Month == m.Month;
            months.Add(new ChartRow(
                FrenchDates.MonthYear(month),
                [viewDays.Where(d => InMonth(d.Day)).Sum(d => d.Count), downloadDays.Where(d => InMonth(d.Day)).Sum(d => d.Count)]));
        }

        var kindViews = await views.GroupBy(v => v.Resource.KindId).Select(g => new { KindId = g.Key, Count = g.Sum(v => v.Count) }).ToListAsync(cancellationToken);
        var kindDownloads = await downloads.GroupBy(d => d.Attachment.Resource.KindId).Select(g => new { KindId = g.Key, Count = g.Sum(d => d.Count) }).ToListAsync(cancellationToken);
        var kinds = await db.ResourceKinds.AsNoTracking().OrderBy(k => k.Position).Select(k => new { k.Id, k.Name }).ToListAsync(cancellationToken);
        var byKind = kinds
            .Select(k => new ChartRow(k.Name, [kindViews.Where(v => v.KindId == k.Id).Sum(v => v.Count), kindDownloads.Where(d => d.KindId == k.Id).Sum(d => d.Count)]))
            .ToList();

        var firstWeek = Features.Statistics.UsageRecorder.WeekStart(from);
        var unfound = await db.UnfoundSearchWeeks.AsNoTracking()
            .Where(s => s.WeekStart >= firstWeek && s.WeekStart <= to)
            .GroupBy(s => s.Text)
            .Select(g => new UnfoundSearchRow(g.Key, g.Sum(s => s.Count), g.Count(), g.Max(s => s.WeekStart)))
            .ToListAsync(cancellationToken);

        var privateDownloads = await db.PrivateDownloadDays.AsNoTracking()
            .Where(d => d.Day >= from && d.Day <= to)
            .GroupBy(d => d.CollectivityId)
            .Select(g => new { CollectivityId = g.Key, Count = g.Sum(d => d.Count) })
            .Join(db.Collectivities, g => g.CollectivityId, c => c.Id, (g, c) => new RankedCount(c.Name, null, g.Count, null))
            .ToListAsync(cancellationToken);

        return new StatisticsViewModel
        {
            Query = query,
            From = from,
            To = to,
            Errors = errors,
            TotalViews = viewDays.Sum(d => d.Count),
            TotalDownloads = downloadDays.Sum(d => d.Count),
            MostViewed = mostViewed,
            MostDownloaded = mostDownloaded,
            ByMonth = new BarChart("mois", "Consultations et téléchargements par mois", "Mois", ViewsAndDownloads, months),
            ByKind = new BarChart("types", "Consultations et téléchargements par type de ressource", "Type", ViewsAndDownloads, byKind),
            UnfoundSearches = [.. unfound.OrderByDescending(s => s.Count).ThenBy(s => s.Text, StringComparer.Ordinal).Take(100)],
            PrivateDownloads = [.. privateDownloads.OrderByDescending(p => p.Count).ThenBy(p => p.Label, StringComparer.Create(French, true))],
        };
    }

    /// <summary>The screen's numbers as a spreadsheet: one line per figure, with its section.</summary>
    public async Task<byte[]> CsvAsync(StatisticsQuery query, CancellationToken cancellationToken = default)
    {
        var model = await GetAsync(query, cancellationToken);
        using var memory = new MemoryStream();
        using (var writer = CsvWriter.Create(memory, SpreadsheetCsv.WriterOptions(), true))
        {
            writer.WriteRecord(["rubrique", "libellé", "détail", "nombre"]);
            void Line(string section, string label, string? detail, int count)
            {
                writer.WriteField(section);
                writer.WriteField(SpreadsheetCsv.Cell(label));
                writer.WriteField(SpreadsheetCsv.Cell(detail));
                writer.WriteField(count.ToString(CultureInfo.InvariantCulture));
                writer.EndRecord();
            }

            Line("période", $"du {FrenchDates.Iso(model.From)} au {FrenchDates.Iso(model.To)}", null, 0);
            foreach (var r in model.MostViewed) { Line("ressources les plus consultées", r.Label, r.Detail, r.Count); }
            foreach (var r in model.MostDownloaded) { Line("fichiers les plus téléchargés", r.Label, r.Detail, r.Count); }
            foreach (var r in model.ByMonth.Rows) { Line("consultations par mois", r.Label, null, r.Values[0]); Line("téléchargements par mois", r.Label, null, r.Values[1]); }
            foreach (var r in model.ByKind.Rows) { Line("consultations par type", r.Label, null, r.Values[0]); Line("téléchargements par type", r.Label, null, r.Values[1]); }
            foreach (var s in model.UnfoundSearches) { Line("recherches sans résultat", s.Text, $"{s.Weeks} semaine(s)", s.Count); }
            foreach (var p in model.PrivateDownloads) { Line("téléchargements réservés par collectivité", p.Label, null, p.Count); }
        }

        return memory.ToArray();
    }

    /// <summary>The period asked for, or the last twelve months with the reasons why not.</summary>
    private (DateOnly From, DateOnly To, IReadOnlyList<string> Errors) Period(StatisticsQuery query)
    {
        var today = clock.Today();
        var defaultFrom = new DateOnly(today.Year, today.Month, 1).AddMonths(-11);
        var errors = new List<string>();
        DateOnly from = defaultFrom, to = today;
        if (!string.IsNullOrWhiteSpace(query.Du) && !FrenchDates.TryParseDay(query.Du, out from))
        {
            errors.Add("La date de début n'est pas une date valide : écrivez-la jj/mm/aaaa.");
        }

        if (!string.IsNullOrWhiteSpace(query.Au) && !FrenchDates.TryParseDay(query.Au, out to))
        {
            errors.Add("La date de fin n'est pas une date valide : écrivez-la jj/mm/aaaa.");
        }

        if (errors.Count == 0 && from > to)
        {
            errors.Add("La date de début doit précéder la date de fin.");
        }
        else if (errors.Count == 0 && to > from.AddYears(MaxYears))
        {
            errors.Add($"La période ne peut dépasser {MaxYears} ans.");
        }

        return errors.Count == 0 ? (from, to, errors) : (defaultFrom, today, errors);
    }
}
