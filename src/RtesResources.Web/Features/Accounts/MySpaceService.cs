using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RtesResources.Web.Authorization;
using RtesResources.Web.Data;
using RtesResources.Web.Domain;
using RtesResources.Web.Features.Catalogue;
using RtesResources.Web.Infrastructure;
using RtesResources.Web.Models;

namespace RtesResources.Web.Features.Accounts;

/// <summary>"Mon espace": the account, its collectivity and membership, what is new, and the person's data.</summary>
public sealed class MySpaceService(AppDbContext db, UserManager<AppUser> users, PrivateAccessEvaluator access, TimeProvider clock, IOptions<AccountOptions> options)
{
    public const int NewResourcesShown = 20;
    private static readonly JsonSerializerOptions ExportJson = new() { WriteIndented = true };

    /// <summary>Builds the page, then records this visit so that the next one lists only newer resources.</summary>
    public async Task<MySpaceViewModel?> VisitAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return null;
        }

        var today = clock.Today();
        var collectivity = user.CollectivityId is int id
            ? await db.Collectivities.AsNoTracking()
                .Where(c => c.Id == id)
                .Select(c => new
                {
                    c.Name,
                    c.Kind,
                    EndsOn = c.Memberships.Where(p => p.EndsOn >= today).OrderByDescending(p => p.EndsOn).Select(p => (DateOnly?)p.EndsOn).FirstOrDefault()
                        ?? c.Memberships.OrderByDescending(p => p.EndsOn).Select(p => (DateOnly?)p.EndsOn).FirstOrDefault(),
                })
                .SingleOrDefaultAsync(cancellationToken)
            : null;

        var hasAccess = await access.HasPrivateAccessAsync(principal);
        var since = user.LastVisitAt ?? user.CreatedAt;
        var now = clock.UtcNow();
        var newResources = hasAccess
            ? await db.Resources.AsNoTracking()
                .PubliclyVisible(now)
                .Where(r => r.IsPrivate && r.PublishAt > since)
                .OrderByDescending(r => r.PublishAt)
                .Take(NewResourcesShown)
                .ToCards()
                .ToListAsync(cancellationToken)
            : [];

        var model = new MySpaceViewModel
        {
            Email = user.Email!,
            FullName = user.FullName,
            Roles = [.. await users.GetRolesAsync(user)],
            CollectivityName = collectivity?.Name,
            CollectivityKind = collectivity is null ? null : Collectivity.KindLabel(collectivity.Kind),
            MembershipEndsOn = collectivity?.EndsOn,
            HasPrivateAccess = hasAccess,
            TwoFactorEnabled = user.TwoFactorEnabled,
            LastVisitAt = user.LastVisitAt,
            DeletionRequestedAt = user.DeletionRequestedAt,
            NewPrivateResources = newResources,
            JoinUrl = options.Value.JoinUrl,
        };

        user.LastVisitAt = clock.UtcNow();
        await users.UpdateAsync(user);
        return model;
    }

    /// <summary>Everything the site keeps about the person, as JSON (right of access and portability).</summary>
    public async Task<byte[]?> ExportAsync(System.Security.Claims.ClaimsPrincipal principal, CancellationToken cancellationToken = default)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return null;
        }

        var collectivity = user.CollectivityId is int id
            ? await db.Collectivities.AsNoTracking().Include(c => c.Memberships).SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
            : null;
        var requests = await db.AccessRequests.AsNoTracking().Where(r => r.Email == user.Email).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);

        var export = new
        {
            exportedAt = clock.UtcNow(),
            account = new
            {
                email = user.Email,
                fullName = user.FullName,
                roles = await users.GetRolesAsync(user),
                createdAt = user.CreatedAt,
                isActive = user.IsActive,
                emailConfirmed = user.EmailConfirmed,
                twoFactorEnabled = user.TwoFactorEnabled,
                lastVisitAt = user.LastVisitAt,
                deletionRequestedAt = user.DeletionRequestedAt,
            },
            collectivity = collectivity is null ? null : new
            {
                name = collectivity.Name,
                kind = Collectivity.KindLabel(collectivity.Kind),
                siren = collectivity.Siren,
                memberships = collectivity.Memberships.OrderBy(p => p.StartsOn).Select(p => new { startsOn = p.StartsOn, endsOn = p.EndsOn }),
            },
            accessRequests = requests.Select(r => new
            {
                createdAt = r.CreatedAt,
                fullName = r.FullName,
                collectivity = r.CollectivityName,
                jobTitle = r.JobTitle,
                message = r.Message,
                status = r.Status.ToString(),
                decidedAt = r.DecidedAt,
            }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(export, ExportJson);
    }

    public async Task<bool> RequestDeletionAsync(System.Security.Claims.ClaimsPrincipal principal)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }

        user.DeletionRequestedAt ??= clock.UtcNow();
        await users.UpdateAsync(user);
        return true;
    }

    /// <summary>Records the request. The answer is the same whether or not an account exists for the address.</summary>
    public async Task SubmitAccessRequestAsync(AccessRequestInput input, CancellationToken cancellationToken = default)
    {
        var email = input.Email!.Trim();
        var alreadyPending = await db.AccessRequests.AnyAsync(r => r.Email == email && r.Status == AccessRequestStatus.Pending, cancellationToken);
        if (alreadyPending || await users.FindByEmailAsync(email) is not null)
        {
            return;
        }

        db.AccessRequests.Add(new AccessRequest
        {
            Email = email,
            FullName = input.FullName!.Trim(),
            CollectivityName = input.CollectivityName!.Trim(),
            JobTitle = string.IsNullOrWhiteSpace(input.JobTitle) ? null : input.JobTitle.Trim(),
            Message = string.IsNullOrWhiteSpace(input.Message) ? null : input.Message.Trim(),
            Status = AccessRequestStatus.Pending,
            CreatedAt = clock.UtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
