using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Domain;
using RtesResources.Web.Operations;

namespace RtesResources.Tests.Operations;

public class PurgeCommandTests
{
    [Fact]
    public async Task PurgeDeletesWhatTheRetentionRulesAllowAndKeepsTheRest()
    {
        using var site = new RtesWebFactory();
        using (site.CreateClient())
        {
        }

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var now = DateTime.UtcNow;
        await site.WithDbAsync(async db =>
        {
            var collectivity = new Collectivity { Name = "Ville de la purge", Kind = CollectivityKind.Commune };
            db.Collectivities.Add(collectivity);
            db.PrivateDownloadDays.Add(new PrivateDownloadDay { Collectivity = collectivity, Day = today.AddDays(-400), Count = 2 });
            db.PrivateDownloadDays.Add(new PrivateDownloadDay { Collectivity = collectivity, Day = today.AddDays(-10), Count = 3 });
            db.OutboxMessages.Add(new OutboxMessage { To = "ancien@exemple.fr", Subject = "Envoyé il y a longtemps", Body = "x", CreatedAt = now.AddDays(-30), NextAttemptAt = now.AddDays(-30), SentAt = now.AddDays(-30) });
            db.OutboxMessages.Add(new OutboxMessage { To = "attente@exemple.fr", Subject = "En attente", Body = "x", CreatedAt = now, NextAttemptAt = now.AddHours(1) });
            return await db.SaveChangesAsync();
        });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await CommandLine.RunAsync(site.Services, ["purge"], output, error);

        Assert.Equal(0, code);
        Assert.Matches(@"^Purge : 1 ligne\(s\) de statistiques, 1 e-mail\(s\), \d+ ligne\(s\) de changements de l'index supprimée\(s\)\.", output.ToString());
        Assert.Equal([3], await site.WithDbAsync(db => db.PrivateDownloadDays.Select(d => d.Count).ToListAsync()));
        Assert.Equal(["En attente"], await site.WithDbAsync(db => db.OutboxMessages.Select(m => m.Subject).ToListAsync()));
    }
}
