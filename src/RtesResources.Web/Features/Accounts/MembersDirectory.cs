using System.Globalization;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Features.Accounts;

public sealed record CollectivityRow(int Id, string Name, CollectivityKind Kind, string? Siren, bool IsActive, DateOnly? CurrentEnd, DateOnly? LastEnd, int AccountCount)
{
    public string Status(DateOnly today) =>
        !IsActive ? "Désactivée"
        : CurrentEnd is DateOnly end ? $"À jour jusqu'au {FrenchDates.Day(end)}"
        : LastEnd is DateOnly last ? $"Adhésion échue le {FrenchDates.Day(last)}"
        : "Jamais adhérente";
}

public sealed record AccountRow(string Id, string Email, string? FullName, string? CollectivityName, IReadOnlyList<string> Roles, bool IsActive, bool Activated, bool TwoFactor, DateTime CreatedAt, DateTime? DeletionRequestedAt);

public sealed record PeriodRow(DateOnly StartsOn, DateOnly EndsOn)
{
    /// <summary>"terminée" periods are history: access only ever follows a period that covers today.</summary>
    public string State(DateOnly today) => EndsOn < today ? "terminée (historique)" : StartsOn > today ? "à venir" : "en cours";
}

/// <summary>
/// What an admin checks before approving an access request: whether the collectivity it names exists,
/// and whether the address's domain is one its accounts use. Collectivities record no domain of their
/// own: the known domains are those of their accounts' addresses.
/// </summary>
public sealed record AccessRequestReview(
    AccessRequest Request,
    string Domain,
    CollectivityRow? Collectivity,
    int MembersWithDomain,
    IReadOnlyList<string> KnownDomains,
    IReadOnlyList<string> OtherCollectivitiesWithDomain);

/// <summary>What the members screens read and export. Writing goes through MembersService.</summary>
public sealed class MembersDirectory(AppDbContext db, TimeProvider clock)
{
    public Task<List<CollectivityRow>> CollectivitiesAsync(string? search, string? status, CancellationToken cancellationToken = default) =>
        CollectivitiesQuery(search, status, clock.Today()).Take(500).ToListAsync(cancellationToken);

    internal IQueryable<CollectivityRow> CollectivitiesQuery(string? search, string? status, DateOnly today)
    {
        var soon = today.AddDays(60);
        var query = db.Collectivities.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(c => c.Name.Contains(term) || c.Siren == term);
        }

        query = status switch
        {
            "a-jour" => query.Where(c => c.IsActive && c.Memberships.Any(p => p.StartsOn <= today && p.EndsOn >= today)),
            "echue" => query.Where(c => c.IsActive && !c.Memberships.Any(p => p.StartsOn <= today && p.EndsOn >= today)),
            "bientot" => query.Where(c => c.IsActive && c.Memberships.Max(p => (DateOnly?)p.EndsOn) >= today && c.Memberships.Max(p => (DateOnly?)p.EndsOn) <= soon),
            "desactivees" => query.Where(c => !c.IsActive),
            _ => query,
        };

        return query
            .OrderBy(c => c.Name)
            .Select(c => new CollectivityRow(
                c.Id, c.Name, c.Kind, c.Siren, c.IsActive,
                c.Memberships.Where(p => p.StartsOn <= today && p.EndsOn >= today).Max(p => (DateOnly?)p.EndsOn),
                c.Memberships.Max(p => (DateOnly?)p.EndsOn),
                c.Users.Count));
    }

    public async Task<(CollectivityRow Row, List<PeriodRow> Periods, List<AccountRow> Accounts)?> CollectivityAsync(int id, CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var row = await db.Collectivities.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new CollectivityRow(
                c.Id, c.Name, c.Kind, c.Siren, c.IsActive,
                c.Memberships.Where(p => p.StartsOn <= today && p.EndsOn >= today).Max(p => (DateOnly?)p.EndsOn),
                c.Memberships.Max(p => (DateOnly?)p.EndsOn),
                c.Users.Count))
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var periods = await db.MembershipPeriods.AsNoTracking().Where(p => p.CollectivityId == id).OrderByDescending(p => p.StartsOn).Select(p => new PeriodRow(p.StartsOn, p.EndsOn)).ToListAsync(cancellationToken);
        return (row, periods, await AccountsAsync(null, null, id, cancellationToken: cancellationToken));
    }

    public async Task<List<AccountRow>> AccountsAsync(string? search, string? role, int? collectivityId = null, bool deletionRequestedOnly = false, CancellationToken cancellationToken = default)
    {
        var users = await AccountsQuery(search, role, collectivityId, deletionRequestedOnly).Take(500).ToListAsync(cancellationToken);
        return [.. users.Select(u => new AccountRow(u.Id, u.Email!, u.FullName, u.Collectivity, u.Roles, u.IsActive, u.Activated, u.TwoFactorEnabled, u.CreatedAt, u.DeletionRequestedAt))];
    }

    internal sealed record AccountData(string Id, string? Email, string? FullName, string? Collectivity, bool IsActive, bool Activated, bool TwoFactorEnabled, DateTime CreatedAt, DateTime? DeletionRequestedAt, List<string> Roles);

    /// <summary>Accounts whose person asked, from "Mon espace", for their account and data to be deleted.</summary>
    public Task<int> DeletionRequestsAsync(CancellationToken cancellationToken = default) =>
        db.Users.CountAsync(u => u.DeletionRequestedAt != null, cancellationToken);

    internal IQueryable<AccountData> AccountsQuery(string? search, string? role, int? collectivityId, bool deletionRequestedOnly = false)
    {
        var query = db.Users.AsNoTracking();
        if (deletionRequestedOnly)
        {
            query = query.Where(u => u.DeletionRequestedAt != null);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            query = query.Where(u => u.Email!.Contains(term) || (u.FullName != null && u.FullName.Contains(term)) || (u.Collectivity != null && u.Collectivity.Name.Contains(term)));
        }

        if (collectivityId is int id)
        {
            query = query.Where(u => u.CollectivityId == id);
        }

        if (role is Roles.Member or Roles.Editor or Roles.Admin)
        {
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        return query
            .OrderBy(u => u.Email)
            .Select(u => new AccountData(
                u.Id,
                u.Email,
                u.FullName,
                u.Collectivity == null ? null : u.Collectivity.Name,
                u.IsActive,
                u.PasswordHash != null,
                u.TwoFactorEnabled,
                u.CreatedAt,
                u.DeletionRequestedAt,
                db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name!).ToList()));
    }

    /// <summary>Pending requests, oldest first, each with what the admin should check before approving it.</summary>
    public async Task<List<AccessRequestReview>> PendingAccessRequestsAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var requests = await db.AccessRequests.AsNoTracking().Where(r => r.Status == AccessRequestStatus.Pending).OrderBy(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
        var reviews = new List<AccessRequestReview>(requests.Count);
        foreach (var request in requests)
        {
            var domain = DomainOf(request.Email);
            var collectivity = await db.Collectivities.AsNoTracking().Where(c => c.Name == request.CollectivityName)
                .Select(c => new CollectivityRow(
                    c.Id, c.Name, c.Kind, c.Siren, c.IsActive,
                    c.Memberships.Where(p => p.StartsOn <= today && p.EndsOn >= today).Max(p => (DateOnly?)p.EndsOn),
                    c.Memberships.Max(p => (DateOnly?)p.EndsOn),
                    c.Users.Count))
                .FirstOrDefaultAsync(cancellationToken);
            List<string> emails = collectivity is null
                ? []
                : await db.Users.AsNoTracking().Where(u => u.CollectivityId == collectivity.Id).Select(u => u.Email!).Take(1000).ToListAsync(cancellationToken);
            var domains = emails.Select(DomainOf).ToList();

            // Other collectivities whose accounts use the domain: the request may name its collectivity differently.
            var suffix = "@" + domain.ToUpperInvariant();
            var others = domain.Length == 0
                ? []
                : await db.Users.AsNoTracking()
                    .Where(u => u.Collectivity != null && u.NormalizedEmail!.EndsWith(suffix) && (collectivity == null || u.CollectivityId != collectivity.Id))
                    .Select(u => u.Collectivity!.Name).Distinct().OrderBy(n => n).Take(5).ToListAsync(cancellationToken);

            reviews.Add(new AccessRequestReview(
                request,
                domain,
                collectivity,
                domains.Count(d => d == domain),
                [.. domains.Where(d => d.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                others));
        }

        return reviews;
    }

    /// <summary>The part after the last "@", in lower case.</summary>
    public static string DomainOf(string email)
    {
        var at = email.LastIndexOf('@');
        return at < 0 ? "" : email[(at + 1)..].Trim().ToLowerInvariant();
    }

    /// <summary>CSV for the RTES office: UTF-8 with BOM and ";" so that Excel in French opens it as is.</summary>
    public async Task<byte[]> CollectivitiesCsvAsync(CancellationToken cancellationToken = default)
    {
        var today = clock.Today();
        var rows = await CollectivitiesAsync(null, null, cancellationToken);
        return Csv(writer =>
        {
            writer.WriteRecord(CollectivityHeaders);
            foreach (var row in rows)
            {
                writer.WriteField(row.Name);
                writer.WriteField(Collectivity.KindLabel(row.Kind));
                writer.WriteField(row.Siren);
                writer.WriteField(row.IsActive ? "oui" : "non");
                writer.WriteField(row.IsActive && row.CurrentEnd is not null ? "oui" : "non");
                writer.WriteField(row.LastEnd?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteField(row.AccountCount.ToString(CultureInfo.InvariantCulture));
                writer.EndRecord();
            }
        });
    }

    public async Task<byte[]> AccountsCsvAsync(CancellationToken cancellationToken = default)
    {
        var rows = await AccountsAsync(null, null, cancellationToken: cancellationToken);
        return Csv(writer =>
        {
            writer.WriteRecord(AccountHeaders);
            foreach (var row in rows)
            {
                writer.WriteField(row.Email);
                writer.WriteField(row.FullName);
                writer.WriteField(row.CollectivityName);
                writer.WriteField(string.Join('|', row.Roles));
                writer.WriteField(row.IsActive ? "oui" : "non");
                writer.WriteField(row.Activated ? "oui" : "non");
                writer.WriteField(row.TwoFactor ? "oui" : "non");
                writer.WriteField(row.CreatedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.WriteField(row.DeletionRequestedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                writer.EndRecord();
            }
        });
    }

    private static readonly string[] CollectivityHeaders = ["nom", "type", "siren", "active", "adherente_aujourdhui", "fin_adhesion", "comptes"];
    private static readonly string[] AccountHeaders = ["email", "nom", "collectivite", "roles", "actif", "active_par_la_personne", "double_authentification", "cree_le", "suppression_demandee_le"];

    private static readonly CsvWriterOptions CsvOptions = SpreadsheetCsv.WriterOptions();

    private static byte[] Csv(Action<CsvWriter> write)
    {
        using var memory = new MemoryStream();
        using (var writer = CsvWriter.Create(memory, CsvOptions, true))
        {
            write(writer);
        }

        return memory.ToArray();
    }
}
