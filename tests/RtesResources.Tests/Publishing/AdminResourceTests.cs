using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Publishing;

/// <summary>The editors' back-office for resources, through its pages.</summary>
public class AdminResourceTests
{
    private static async Task<int> KindIdAsync(RtesWebFactory site, string slug) =>
        await site.WithDbAsync(db => db.ResourceKinds.Where(k => k.Slug == slug).Select(k => k.Id).SingleAsync());

    private static async Task<(RtesWebFactory Site, HttpClient Editor)> EditorSiteAsync(FakeTimeProvider? clock = null)
    {
        var site = new RtesWebFactory { Clock = clock };
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        return (site, await site.SignedInClientAsync("editrice@rtes.fr"));
    }

    private static Dictionary<string, string> Form(string title, int kindId, string? slug = null, string summary = "Un résumé.", string body = "Le contenu.", int version = 0) => new()
    {
        ["Title"] = title,
        ["Slug"] = slug ?? "",
        ["KindId"] = kindId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["SourceType"] = "Ressources RTES",
        ["Summary"] = summary,
        ["Body"] = body,
        ["PublishedOn"] = "2026-11-20",
        ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async Task<int> CreateAsync(RtesWebFactory site, HttpClient editor, string title, string? slug = null)
    {
        using var response = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", Form(title, await KindIdAsync(site, "fiche"), slug));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        return int.Parse(response.Headers.Location!.OriginalString.Split('/')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/ressources")]
    [InlineData("/admin/ressources/nouvelle")]
    [InlineData("/admin/ressources/1/modifier")]
    [InlineData("/admin/ressources/1/historique")]
    public async Task BackOfficeRefusesAnonymousVisitorsAndMembers(string url)
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Membre", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("membre@ville.fr", Roles.Member, "Ville Membre");
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var member = await site.SignedInClientAsync("membre@ville.fr");

        using var anonymousResponse = await anonymous.GetAsync(url);
        using var memberResponse = await member.GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.StartsWith("/compte/connexion", anonymousResponse.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, memberResponse.StatusCode);
    }

    [Fact]
    public async Task ADemotedEditorIsRefusedAtOnce()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/admin/ressources")).StatusCode);
            await using (var scope = site.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
                var user = await users.FindByEmailAsync("editrice@rtes.fr");
                await users.RemoveFromRoleAsync(user!, Roles.Editor);
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/admin/ressources")).StatusCode);
        }
    }

    [Fact]
    public async Task NewResourceIsADraftWithASlugFromItsFrenchTitle()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await CreateAsync(site, editor, "Économie sociale & élu·es : le guide");
            var second = await CreateAsync(site, editor, "Économie sociale & élu·es : le guide");

            var slugs = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id || r.Id == second).OrderBy(r => r.Id).Select(r => new { r.Slug, r.PublishAt }).ToListAsync());
            Assert.Equal("economie-sociale-elu-es-le-guide", slugs[0].Slug);
            Assert.Equal("economie-sociale-elu-es-le-guide-2", slugs[1].Slug);
            Assert.All(slugs, s => Assert.Null(s.PublishAt));
            using var anonymous = site.CreateClient();
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ressources/" + slugs[0].Slug)).StatusCode);
            var list = await editor.GetDocumentAsync("/admin/ressources?statut=brouillon");
            Assert.Contains("Économie sociale & élu·es : le guide", list.MainText(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Title", "", "Le titre est obligatoire.")]
    [InlineData("Slug", "Mauvaise Adresse!", "lettres minuscules sans accent")]
    [InlineData("Slug", DemoSlugs.Fiche3, "est déjà utilisée par « Fiche n°3")]
    [InlineData("KindId", "999", "Ce type de ressource n'existe pas.")]
    [InlineData("KindId", "", "Choisissez le type de ressource.")]
    [InlineData("PublishedOn", "31/02/2026", "n'est pas une date valide")]
    [InlineData("Links[0].Url", "javascript:alert(1)", "n'est pas une adresse web")]
    [InlineData("SeriesNumber", "3", "n'a de sens que dans une collection")]
    [InlineData("SeriesNumber", "abc", "")]
    public async Task InvalidFormsSayWhatIsWrongAndSaveNothing(string field, string value, string expected)
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var before = await site.WithDbAsync(db => db.Resources.CountAsync());
            var form = Form("Un titre valable", await KindIdAsync(site, "fiche"));
            form[field] = value;

            using var response = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", form);
            var page = Html.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(page.QuerySelector(".error-summary"));
            Assert.Contains(expected, page.QuerySelector(".error-summary")!.TextContent, StringComparison.Ordinal);
            Assert.Equal(before, await site.WithDbAsync(db => db.Resources.CountAsync()));
            Assert.Equal(field == "Title" ? "" : "Un titre valable", page.QuerySelector("#Title")?.GetAttribute("value") ?? "");
        }
    }

    [Fact]
    public async Task PreviewRendersLikeThePublicPageSanitizedAndSavesNothing()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var form = Form("Aperçu", await KindIdAsync(site, "fiche"), summary: "- un\n- deux", body: "<script>alert(1)</script> [x](javascript:alert(1))");
            form["apercu"] = "1";

            using var response = await editor.PostFormAsync("/admin/ressources/nouvelle", "/admin/ressources/nouvelle", form);
            var page = Html.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(2, page.QuerySelectorAll(".preview ul li").Length);
            Assert.Empty(page.QuerySelectorAll(".preview script"));
            Assert.DoesNotContain(page.QuerySelectorAll(".preview a"), a => (a.GetAttribute("href") ?? "").StartsWith("javascript", StringComparison.OrdinalIgnoreCase));
            Assert.Equal("- un\n- deux", page.QuerySelector("#Summary")?.TextContent);
            Assert.False(await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.Title == "Aperçu")));
        }
    }

    [Fact]
    public async Task PublishScheduleAndUnpublishDecideWhatThePublicSees()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var (site, editor) = await EditorSiteAsync(clock);
        using (site)
        using (editor)
        {
            var id = await CreateAsync(site, editor, "Programmée pour demain", "programmee-demain");
            using var anonymous = site.CreateClient();

            var version = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = "programmer", ["date"] = "2026-11-27", ["heure"] = "08:30", ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var scheduledAt = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.PublishAt).SingleAsync());
            Assert.Equal(new DateTime(2026, 11, 27, 7, 30, 0, DateTimeKind.Utc), scheduledAt);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ressources/programmee-demain")).StatusCode);

            clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/programmee-demain")).StatusCode);

            version = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = "depublier", ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ressources/programmee-demain")).StatusCode);

            version = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.Version).SingleAsync());
            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = "publier", ["version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/programmee-demain")).StatusCode);
        }
    }

    [Fact]
    public async Task PublishingAnAlreadyPublishedResourceChangesNothing()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Study).Select(r => r.Id).SingleAsync());
            var before = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => new { r.Version, r.PublishAt }).SingleAsync());

            using var response = await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = "publier", ["version"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var page = await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");

            Assert.Equal("Ressource déjà publiée : rien n'a changé.", page.QuerySelector(".notice-success")?.TextContent);
            Assert.Equal(before, await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => new { r.Version, r.PublishAt }).SingleAsync()));
            Assert.False(await site.WithDbAsync(db => db.ResourceRevisions.AnyAsync(r => r.ResourceId == id)));
        }
    }

    [Fact]
    public async Task SchedulingInThePastIsRefused()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await CreateAsync(site, editor, "Passé");
            using var response = await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/publication", new() { ["mode"] = "programmer", ["date"] = "2001-01-01", ["heure"] = "10:00", ["version"] = "0" });
            var page = await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");

            Assert.Contains("La date de publication programmée est passée", page.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
            Assert.Null(await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.PublishAt).SingleAsync()));
        }
    }

    [Fact]
    public async Task ChangingTheSlugKeepsTheOldUrlWorkingWithA301()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Fiche3).Select(r => r.Id).SingleAsync());
            var form = await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier");
            var fields = Fields(form);
            fields["Slug"] = "fiche-3-bloc-communal";

            using var saved = await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/modifier", fields);
            using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
            using var old = await anonymous.GetAsync("/ressources/" + DemoSlugs.Fiche3);

            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
            Assert.Equal("/ressources/fiche-3-bloc-communal", old.Headers.Location?.OriginalString);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/fiche-3-bloc-communal")).StatusCode);
        }
    }

    [Fact]
    public async Task SecondEditorsSaveIsRefusedWithWhatChangedAndTheirTextKept()
    {
        var (site, first) = await EditorSiteAsync();
        using (site)
        using (first)
        {
            await site.AddUserAsync("second@rtes.fr", Roles.Editor);
            using var second = await site.SignedInClientAsync("second@rtes.fr");
            var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Video).Select(r => r.Id).SingleAsync());
            var firstForm = Fields(await first.GetDocumentAsync($"/admin/ressources/{id}/modifier"));
            var secondForm = Fields(await second.GetDocumentAsync($"/admin/ressources/{id}/modifier"));

            firstForm["Title"] = "Vidéo de présentation du RTES (2019)";
            using var firstSave = await first.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/modifier", firstForm);
            secondForm["Summary"] = "Le résumé réécrit par la seconde éditrice.";
            using var secondSave = await second.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/modifier", secondForm);
            var conflictPage = Html.Parse(await secondSave.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, secondSave.StatusCode);
            Assert.Contains("Titre", conflictPage.QuerySelector(".conflict strong")?.TextContent, StringComparison.Ordinal);
            Assert.Contains("Vidéo de présentation du RTES (2019)", conflictPage.QuerySelector(".conflict")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("Le résumé réécrit par la seconde éditrice.", conflictPage.QuerySelector("#Summary")?.TextContent);
            var afterConflict = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => new { r.Title, r.SummaryMarkdown }).SingleAsync());
            Assert.Equal("Vidéo de présentation du RTES (2019)", afterConflict.Title);
            Assert.DoesNotContain("seconde éditrice", afterConflict.SummaryMarkdown, StringComparison.Ordinal);

            // Merging: the second editor takes the other title and saves on top of the new version.
            var merged = Fields(conflictPage);
            merged["Title"] = "Vidéo de présentation du RTES (2019)";
            using var mergedSave = await second.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/modifier", merged);
            var saved = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => new { r.Title, r.SummaryMarkdown }).SingleAsync());
            Assert.Equal(HttpStatusCode.Redirect, mergedSave.StatusCode);
            Assert.Equal("Vidéo de présentation du RTES (2019)", saved.Title);
            Assert.Equal("Le résumé réécrit par la seconde éditrice.", saved.SummaryMarkdown);
        }
    }

    [Fact]
    public async Task HistoryRecordsEverySaveAndRestoresAPastVersion()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await CreateAsync(site, editor, "Version d'origine", "historique-test");
            var form = Fields(await editor.GetDocumentAsync($"/admin/ressources/{id}/modifier"));
            form["Title"] = "Version modifiée";
            form["Body"] = "Un tout autre contenu.";
            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/modifier", form);

            var history = await editor.GetDocumentAsync($"/admin/ressources/{id}/historique");
            var rows = history.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
            Assert.Equal(2, rows.Count);
            Assert.Contains("Titre, Contenu", rows[0], StringComparison.Ordinal);
            Assert.Contains("editrice@rtes.fr", rows[0], StringComparison.Ordinal);
            Assert.Contains("Création", rows[1], StringComparison.Ordinal);

            var first = await editor.GetDocumentAsync($"/admin/ressources/{id}/historique/1");
            Assert.Contains("Le contenu.", first.MainText(), StringComparison.Ordinal);
            using var restore = await editor.PostFormAsync($"/admin/ressources/{id}/historique/1", $"/admin/ressources/{id}/historique/1/restaurer", new() { ["version"] = "1" });

            var resource = await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => new { r.Title, r.BodyMarkdown, r.Version }).SingleAsync());
            Assert.Equal("Version d'origine", resource.Title);
            Assert.Equal("Le contenu.", resource.BodyMarkdown);
            Assert.Equal(2, resource.Version);
            var latest = await site.WithDbAsync(db => db.ResourceRevisions.Where(r => r.ResourceId == id).OrderByDescending(r => r.Number).Select(r => r.ChangedFields).FirstAsync());
            Assert.StartsWith("Restauration de la version 1", latest, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BinRestoreAndPurgeOnlyByAnAdmin()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await site.WithDbAsync(db => db.Resources.Where(r => r.Slug == DemoSlugs.Study).Select(r => r.Id).SingleAsync());
            using var anonymous = site.CreateClient();

            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/corbeille", []);
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ressources/" + DemoSlugs.Study)).StatusCode);
            var bin = await editor.GetDocumentAsync("/admin/ressources?statut=corbeille");
            Assert.Contains("Métropoles, ESS & innovation sociale", bin.MainText(), StringComparison.Ordinal);

            using var editorPurge = await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/purger", []);
            Assert.Equal(HttpStatusCode.Forbidden, editorPurge.StatusCode);

            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/restaurer", []);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/" + DemoSlugs.Study)).StatusCode);
            await editor.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/corbeille", []);

            await site.AddUserAsync("admin@rtes.fr", Roles.Admin);
            await site.WithDbAsync(async db =>
            {
                var admin = await db.Users.SingleAsync(u => u.Email == "admin@rtes.fr");
                admin.TwoFactorEnabled = true;
                await db.SaveChangesAsync();
            });
            using var admin = site.CreateClient(new() { AllowAutoRedirect = false });
            await SignInAdminWithRecoveryCodeAsync(site, admin);
            using var purge = await admin.PostFormAsync($"/admin/ressources/{id}/modifier", $"/admin/ressources/{id}/purger", []);

            Assert.Equal(HttpStatusCode.Redirect, purge.StatusCode);
            Assert.False(await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.Id == id)));
            Assert.False(await site.WithDbAsync(db => db.Attachments.AnyAsync(a => a.ResourceId == id)));
        }
    }

    private static async Task SignInAdminWithRecoveryCodeAsync(RtesWebFactory site, HttpClient client)
    {
        string code;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = await users.FindByEmailAsync("admin@rtes.fr");
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(admin!, 1))!.Single();
        }

        using var step = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = "admin@rtes.fr", ["Password"] = Accounts.Password });
        using var done = await client.PostFormAsync(step.Headers.Location!.OriginalString, "/compte/connexion/code", new() { ["Code"] = code, ["ReturnUrl"] = "/admin" });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
    }

    /// <summary>The form's fields as a browser would post them (first value of each name; checked boxes only).</summary>
    private static Dictionary<string, string> Fields(AngleSharp.Dom.IDocument page)
    {
        var form = page.QuerySelector("form.resource-form")!;
        var fields = new Dictionary<string, string>();
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            if (name == "__RequestVerificationToken" || fields.ContainsKey(name))
            {
                continue;
            }

            var type = element.GetAttribute("type");
            if (type == "checkbox")
            {
                if (element.HasAttribute("checked") && name != "CategoryIds")
                {
                    fields[name] = element.GetAttribute("value") ?? "true";
                }

                continue;
            }

            fields[name] = element.LocalName switch
            {
                "textarea" => element.TextContent,
                "select" => element.QuerySelector("option[selected]")?.GetAttribute("value") ?? "",
                _ => element.GetAttribute("value") ?? "",
            };
        }

        return fields;
    }
}
