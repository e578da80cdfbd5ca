using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;
using RtesResources.Web.Domain;

namespace RtesResources.Tests.Publishing;

/// <summary>Bulk actions of the back-office list, on checked rows and on every row the filters match, through the pages.</summary>
public class BulkActionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static async Task<(RtesWebFactory Site, HttpClient Editor)> EditorSiteAsync()
    {
        var site = new RtesWebFactory { Clock = new FakeTimeProvider(Start) };
        await site.AddUserAsync("editrice@rtes.fr", Roles.Editor);
        return (site, await site.SignedInClientAsync("editrice@rtes.fr"));
    }

    /// <summary>A draft (unless published) whose summary holds "quetzal", for search and for the list's filter.</summary>
    private static async Task<int> AddAsync(RtesWebFactory site, string slug, DateTime? publishAt = null) =>
        await site.WithDbAsync(async db =>
        {
            var resource = new Resource
            {
                Slug = slug,
                Title = "Lot " + slug,
                KindId = await db.ResourceKinds.Where(k => k.Slug == "fiche").Select(k => k.Id).SingleAsync(),
                SummaryMarkdown = "Résumé de " + slug + " avec le mot quetzal.",
                PublishedOn = new DateOnly(2026, 11, 1),
                PublishAt = publishAt,
            };
            db.Resources.Add(resource);
            await db.SaveChangesAsync();
            return resource.Id;
        });

    private static Task<int> IdAsync(RtesWebFactory site, string slug) =>
        site.WithDbAsync(db => db.Resources.Where(r => r.Slug == slug).Select(r => r.Id).SingleAsync());

    private static string Text(int id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Posts the list's bulk form as a browser does: the antiforgery token of the list, repeated "ids".</summary>
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string action, IEnumerable<KeyValuePair<string, string>> fields, string tokenPage = "/admin/ressources")
    {
        var token = (await client.GetDocumentAsync(tokenPage)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync(action, new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token))));
    }

    private static IEnumerable<KeyValuePair<string, string>> OnSelection(string operation, IEnumerable<int> ids, params (string Name, string Value)[] more) =>
        new[] { new KeyValuePair<string, string>("operation", operation), new("portee", "selection") }
            .Concat(ids.Select(id => new KeyValuePair<string, string>("ids", Text(id))))
            .Concat(more.Select(m => new KeyValuePair<string, string>(m.Name, m.Value)));

    /// <summary>Posts on the selection and returns the message the list shows after the redirect.</summary>
    private static async Task<string> ApplyAsync(HttpClient editor, string operation, IEnumerable<int> ids, params (string Name, string Value)[] more)
    {
        using var response = await PostAsync(editor, "/admin/ressources/lot", OnSelection(operation, ids, more));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, Html.Parse(await response.Content.ReadAsStringAsync()).MainText());
        var list = await editor.GetDocumentAsync(response.Headers.Location!.OriginalString);
        return list.QuerySelector(".notice-success")?.TextContent ?? list.QuerySelector(".notice-error")?.TextContent ?? "";
    }

    private static async Task<IReadOnlyList<string>> SearchAsync(HttpClient client, string query) =>
        (await client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query))).CardSlugs();

    private static Task<List<string>> BulkRevisionsAsync(RtesWebFactory site, int id) =>
        site.WithDbAsync(db => db.ResourceRevisions.Where(r => r.ResourceId == id && r.ChangedFields.StartsWith("Action groupée")).Select(r => r.ChangedFields).ToListAsync());

    [Fact]
    public async Task PublishingCheckedRowsPublishesThemAtOnceForSearchAndReportsThoseAlreadyPublished()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var first = await AddAsync(site, "premier-brouillon");
            var second = await AddAsync(site, "second-brouillon");
            var published = await IdAsync(site, DemoSlugs.Study);
            using var anonymous = site.CreateClient();
            Assert.Empty(await SearchAsync(anonymous, "quetzal"));
            var changesBefore = await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync());

            var message = await ApplyAsync(editor, "publier", [first, second, published]);

            Assert.Equal("2 ressources publiées, 1 déjà publiée.", message);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/premier-brouillon")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/ressources/second-brouillon")).StatusCode);
            Assert.Equal(["premier-brouillon", "second-brouillon"], (await SearchAsync(anonymous, "quetzal")).Order());
            Assert.True(await site.WithDbAsync(db => db.SearchIndexChanges.CountAsync()) >= changesBefore + 2);

            // One revision per resource changed (after the version it started from), none for the one left alone.
            Assert.Equal(["Action groupée, Publication"], await BulkRevisionsAsync(site, first));
            Assert.Equal(["Action groupée, Publication"], await BulkRevisionsAsync(site, second));
            Assert.Empty(await BulkRevisionsAsync(site, published));
            var revisions = await site.WithDbAsync(db => db.ResourceRevisions.Where(r => r.ResourceId == first).OrderBy(r => r.Number).Select(r => new { r.Number, r.SavedByName }).ToListAsync());
            Assert.Equal([1, 2], revisions.Select(r => r.Number));
            Assert.Equal("editrice@rtes.fr", revisions[^1].SavedByName);
            Assert.Equal(1, await site.WithDbAsync(db => db.Resources.Where(r => r.Id == first).Select(r => r.Version).SingleAsync()));
        }
    }

    [Fact]
    public async Task SchedulingUnpublishingAndBinningCheckedRows()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var draft = await AddAsync(site, "a-programmer");
            var study = await IdAsync(site, DemoSlugs.Study);
            var video = await IdAsync(site, DemoSlugs.Video);
            using var anonymous = site.CreateClient();

            Assert.Equal("2 ressources programmées pour le 2 décembre 2026 à 09:30.",
                await ApplyAsync(editor, "programmer", [draft, study], ("date", "2026-12-02"), ("heure", "09:30")));
            Assert.Equal(new DateTime(2026, 12, 2, 8, 30, 0, DateTimeKind.Utc), await site.WithDbAsync(db => db.Resources.Where(r => r.Id == study).Select(r => r.PublishAt).SingleAsync()));
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ressources/" + DemoSlugs.Study)).StatusCode);

            Assert.Equal("3 ressources repassées en brouillon.", await ApplyAsync(editor, "depublier", [draft, study, video]));
            Assert.Equal("Aucune ressource repassée en brouillon, 1 déjà en brouillon.", await ApplyAsync(editor, "depublier", [draft]));
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/ressources/" + DemoSlugs.Video)).StatusCode);
            Assert.DoesNotContain(DemoSlugs.Video, await SearchAsync(anonymous, "présentation du RTES"));

            Assert.Equal("2 ressources mises à la corbeille.", await ApplyAsync(editor, "corbeille", [draft, study]));
            Assert.Equal("1 ressource mise à la corbeille, 2 déjà dans la corbeille.", await ApplyAsync(editor, "corbeille", [draft, study, video]));
            Assert.Equal("Aucune ressource publiée, 3 dans la corbeille, laissées telles quelles.", await ApplyAsync(editor, "publier", [draft, study, video]));
            Assert.Equal(3, await site.WithDbAsync(db => db.Resources.CountAsync(r => r.DeletedAt != null)));
            Assert.Equal(["Action groupée, Publication programmée", "Action groupée, Dépublication", "Action groupée, Mise à la corbeille"],
                await site.WithDbAsync(db => db.ResourceRevisions.Where(r => r.ResourceId == study && r.ChangedFields.StartsWith("Action groupée")).OrderBy(r => r.Number).Select(r => r.ChangedFields).ToListAsync()));
        }
    }

    [Fact]
    public async Task AddingAndRemovingAThematiqueAndSettingTheCollection()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var study = await IdAsync(site, DemoSlugs.Study);
            var video = await IdAsync(site, DemoSlugs.Video);
            var fiche = await IdAsync(site, DemoSlugs.Fiche3);
            var departements = await site.WithDbAsync(db => db.Categories.Where(c => c.Slug == "departements").Select(c => c.Id).SingleAsync());
            var metropoles = await site.WithDbAsync(db => db.Categories.Where(c => c.Slug == "metropoles").Select(c => c.Id).SingleAsync());
            var kit = await site.WithDbAsync(db => db.Series.Where(s => s.Slug == "kit-municipaless").Select(s => s.Id).SingleAsync());
            using var anonymous = site.CreateClient();
            Assert.DoesNotContain(DemoSlugs.Video, (await anonymous.GetDocumentAsync("/ressources?thematique=departements")).CardSlugs());

            Assert.Equal("2 ressources modifiées (thématique « Départements » ajoutée).", await ApplyAsync(editor, "ajouter-thematique", [study, video], ("categorie", Text(departements))));
            Assert.Contains(DemoSlugs.Video, (await anonymous.GetDocumentAsync("/ressources?thematique=departements")).CardSlugs());
            Assert.Equal("1 ressource modifiée (thématique « Départements » ajoutée), 2 l'avaient déjà.", await ApplyAsync(editor, "ajouter-thematique", [study, video, fiche], ("categorie", Text(departements))));

            Assert.Equal("1 ressource modifiée (thématique « Métropoles » retirée), 1 ne l'avait pas.", await ApplyAsync(editor, "retirer-thematique", [study, video], ("categorie", Text(metropoles))));
            Assert.DoesNotContain(DemoSlugs.Study, (await anonymous.GetDocumentAsync("/ressources?thematique=metropoles")).CardSlugs());

            Assert.Equal("2 ressources placées dans la collection « Kit MunicipalESS », 1 y était déjà.", await ApplyAsync(editor, "collection", [study, video, fiche], ("collection", Text(kit))));
            Assert.Equal([null, null], await site.WithDbAsync(db => db.Resources.Where(r => r.Id == study || r.Id == video).Select(r => r.SeriesNumber).ToListAsync()));
            Assert.Equal("3 ressources retirées de leur collection.", await ApplyAsync(editor, "collection", [study, video, fiche], ("collection", "aucune")));
            Assert.Equal("Aucune ressource retirée de sa collection, 1 n'était dans aucune collection.", await ApplyAsync(editor, "collection", [study], ("collection", "aucune")));
            Assert.False(await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.SeriesId != null)));

            Assert.Equal(["Action groupée, Thématiques", "Action groupée, Thématiques", "Action groupée, Collection", "Action groupée, Collection"],
                await site.WithDbAsync(db => db.ResourceRevisions.Where(r => r.ResourceId == study && r.ChangedFields.StartsWith("Action groupée")).OrderBy(r => r.Number).Select(r => r.ChangedFields).ToListAsync()));
        }
    }

    [Fact]
    public async Task TwoEditorsActingOnOverlappingRowsAtOnceBothSucceedAndLoseNothing()
    {
        var (site, first) = await EditorSiteAsync();
        await site.AddUserAsync("redacteur@rtes.fr", Roles.Editor);
        using var second = await site.SignedInClientAsync("redacteur@rtes.fr");
        using (site)
        using (first)
        {
            var ids = new List<int>();
            for (var i = 0; i < 10; i++)
            {
                ids.Add(await AddAsync(site, "concurrence-" + Text(i)));
            }

            var departements = await site.WithDbAsync(db => db.Categories.Where(c => c.Slug == "departements").Select(c => c.Id).SingleAsync());
            var metropoles = await site.WithDbAsync(db => db.Categories.Where(c => c.Slug == "metropoles").Select(c => c.Id).SingleAsync());

            // Rows 3 to 8 are in both selections; each editor's action is one transaction over them.
            var messages = await Task.WhenAll(
                ApplyAsync(first, "ajouter-thematique", ids[..8], ("categorie", Text(departements))),
                ApplyAsync(second, "ajouter-thematique", ids[2..], ("categorie", Text(metropoles))));

            Assert.Equal("8 ressources modifiées (thématique « Départements » ajoutée).", messages[0]);
            Assert.Equal("8 ressources modifiées (thématique « Métropoles » ajoutée).", messages[1]);
            var resources = await site.WithDbAsync(db => db.Resources.Where(r => ids.Contains(r.Id))
                .Select(r => new { r.Id, r.Version, Categories = r.Categories.Select(c => c.Slug).OrderBy(c => c).ToList() }).ToListAsync());
            var revisions = await site.WithDbAsync(db => db.ResourceRevisions.Where(r => ids.Contains(r.ResourceId))
                .Select(r => new { r.ResourceId, r.Number }).ToListAsync());
            foreach (var (id, index) in ids.Select((id, index) => (id, index)))
            {
                var expected = new List<string>();
                if (index < 8)
                {
                    expected.Add("departements");
                }

                if (index >= 2)
                {
                    expected.Add("metropoles");
                }

                var resource = resources.Single(r => r.Id == id);
                Assert.Equal(expected, resource.Categories);

                // Each action left its revision, numbered one after the other from the first save's.
                var numbers = revisions.Where(r => r.ResourceId == id).Select(r => r.Number).Order().ToList();
                Assert.Equal(Enumerable.Range(1, 1 + expected.Count), numbers);
                Assert.Equal(expected.Count, resource.Version);
            }
        }
    }

    [Fact]
    public async Task EveryRowTheFiltersMatchIsCountedAgainAndConfirmed()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            foreach (var slug in new[] { "filtre-un", "filtre-deux", "filtre-trois" })
            {
                await AddAsync(site, slug);
            }

            await AddAsync(site, "filtre-deja-publiee", Start.UtcDateTime.AddDays(-2));
            var filters = new KeyValuePair<string, string>[] { new("q", "quetzal"), new("statut", "brouillon") };

            using var asked = await PostAsync(editor, "/admin/ressources/lot", filters.Concat(OnSelection("publier", [])).Where(f => f.Key != "portee").Append(new("portee", "filtre")));
            var confirmation = Html.Parse(await asked.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            Assert.Equal("Publier 3 ressources ?", confirmation.QuerySelector("h1")?.TextContent);
            Assert.Contains("Recherche : « quetzal »", confirmation.MainText(), StringComparison.Ordinal);
            Assert.Equal(0, await site.WithDbAsync(db => db.Resources.CountAsync(r => r.Slug.StartsWith("filtre-") && r.PublishAt > Start.UtcDateTime.AddDays(-1))));

            // Another draft matches by the time of confirming: the count is shown again, nothing is changed.
            await AddAsync(site, "filtre-quatre");
            var confirm = Fields(confirmation);
            using var changed = await PostAsync(editor, "/admin/ressources/lot/confirmer", confirm);
            var again = Html.Parse(await changed.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.Equal("Publier 4 ressources ?", again.QuerySelector("h1")?.TextContent);
            Assert.Contains("a changé", again.QuerySelector(".notice-error")?.TextContent, StringComparison.Ordinal);
            Assert.False(await site.WithDbAsync(db => db.Resources.AnyAsync(r => r.Slug.StartsWith("filtre-") && r.PublishAt == Start.UtcDateTime)));

            using var done = await PostAsync(editor, "/admin/ressources/lot/confirmer", Fields(again));
            Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
            Assert.Equal("/admin/ressources?q=quetzal&statut=brouillon", done.Headers.Location?.OriginalString);
            var list = await editor.GetDocumentAsync(done.Headers.Location!.OriginalString);
            Assert.Equal("4 ressources publiées.", list.QuerySelector(".notice-success")?.TextContent);
            Assert.Equal(4, await site.WithDbAsync(db => db.Resources.CountAsync(r => r.Slug.StartsWith("filtre-") && r.PublishAt == Start.UtcDateTime)));
            using var anonymous = site.CreateClient();
            Assert.Equal(5, (await SearchAsync(anonymous, "quetzal")).Count);
        }
    }

    [Fact]
    public async Task AFailureMidwayLeavesEverythingAsItWas()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var ids = new List<int>();
            foreach (var slug in new[] { "avant", "refusee", "apres" })
            {
                ids.Add(await AddAsync(site, slug));
            }

            // The database refuses the second resource's UPDATE, after the first one's was sent.
            // A trigger takes no parameters: the id is ours, written as digits.
            var trigger = "CREATE TRIGGER refuse_one BEFORE UPDATE OF PublishAt ON Resources WHEN NEW.Id = " + Text(ids[1]) + " BEGIN SELECT RAISE(ABORT, 'refused for the test'); END;";
            await site.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(trigger));
            var counts = await CountsAsync(site);

            var message = await ApplyAsync(editor, "publier", ids);

            Assert.StartsWith("L'action n'a pas pu être enregistrée : rien n'a été changé.", message, StringComparison.Ordinal);
            Assert.False(await site.WithDbAsync(db => db.Resources.AnyAsync(r => ids.Contains(r.Id) && r.PublishAt != null)));
            Assert.Equal(counts, await CountsAsync(site));
            using var anonymous = site.CreateClient();
            Assert.Empty(await SearchAsync(anonymous, "quetzal"));
        }

        static Task<(int Revisions, int Changes)> CountsAsync(RtesWebFactory site) =>
            site.WithDbAsync(async db => (await db.ResourceRevisions.CountAsync(), await db.SearchIndexChanges.CountAsync()));
    }

    [Theory]
    [InlineData("programmer", "date", "2001-01-01", "La date de publication programmée est passée")]
    [InlineData("programmer", "date", "31/02/2026", "Indiquez la date et l'heure de publication")]
    [InlineData("programmer", "date", "2099-01-01", "trop lointaine")]
    [InlineData("inconnue", "x", "", "Choisissez l'action à appliquer.")]
    [InlineData("ajouter-thematique", "categorie", "999999", "Cette thématique n'existe plus.")]
    [InlineData("retirer-thematique", "categorie", "abc", "Choisissez la thématique à retirer.")]
    [InlineData("collection", "collection", "", "Choisissez la collection")]
    [InlineData("publier", "ids", "abc", "La sélection n'est pas valide")]
    [InlineData("publier", "ids", "-3", "La sélection n'est pas valide")]
    public async Task InvalidFormsComeBackWithAFrenchErrorAndChangeNothing(string operation, string field, string value, string expected)
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var id = await AddAsync(site, "intacte");
            var revisions = await site.WithDbAsync(db => db.ResourceRevisions.CountAsync());

            using var response = await PostAsync(editor, "/admin/ressources/lot", OnSelection(operation, [id], (field, value), ("heure", "10:00"), ("statut", "brouillon")));
            var page = Html.Parse(await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(expected, page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
            Assert.Equal("brouillon", page.SelectedValue("statut"));
            Assert.NotNull(page.QuerySelector($"input[name=ids][value='{Text(id)}'][checked]"));
            Assert.Null(await site.WithDbAsync(db => db.Resources.Where(r => r.Id == id).Select(r => r.PublishAt).SingleAsync()));
            Assert.Equal(revisions, await site.WithDbAsync(db => db.ResourceRevisions.CountAsync()));
        }
    }

    [Fact]
    public async Task NothingCheckedOrTooManyIdsIsRefusedInFrench()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            using var none = await PostAsync(editor, "/admin/ressources/lot", OnSelection("publier", []));
            using var tooMany = await PostAsync(editor, "/admin/ressources/lot", OnSelection("publier", Enumerable.Range(1, 201)));

            Assert.Contains("Cochez au moins une ressource", Html.Parse(await none.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
            Assert.Contains("Trop de ressources cochées : 200 au plus", Html.Parse(await tooMany.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ASearchThatUnicodeNormalizationRefusesStillFiltersWithoutAServerError()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            await AddAsync(site, "unicode-impossible");

            // U+FFFE, and an emoji cut in half by the 200 characters the search reads.
            var list = await editor.GetDocumentAsync("/admin/ressources?q=" + Uri.EscapeDataString("quetzal\uFFFE"));
            var cut = await editor.GetDocumentAsync("/admin/ressources?q=" + Uri.EscapeDataString(new string('a', 199) + "\U0001F600"));
            using var asked = await PostAsync(editor, "/admin/ressources/lot", [new("q", "quetzal\uFFFE"), new("operation", "publier"), new("portee", "filtre")]);

            Assert.Equal(["Lot unicode-impossible"], list.QuerySelectorAll("tbody td a").Select(a => a.TextContent));
            Assert.Empty(cut.QuerySelectorAll("tbody tr"));
            Assert.Equal("Publier 1 ressource ?", Html.Parse(await asked.Content.ReadAsStringAsync()).QuerySelector("h1")?.TextContent);
        }
    }

    [Fact]
    public async Task SelectAllWorksWithoutScript()
    {
        var (site, editor) = await EditorSiteAsync();
        using (site)
        using (editor)
        {
            var list = await editor.GetDocumentAsync("/admin/ressources?statut=publiee");
            var link = list.QuerySelector("a[data-check=all]")!.GetAttribute("href")!;
            var all = await editor.GetDocumentAsync(link);

            Assert.Empty(list.QuerySelectorAll("input[name=ids][checked]"));
            Assert.Equal("/admin/ressources?statut=publiee&cocher=page", link);
            Assert.NotEmpty(all.QuerySelectorAll("input[name=ids]"));
            Assert.Equal(all.QuerySelectorAll("input[name=ids]").Length, all.QuerySelectorAll("input[name=ids][checked]").Length);
            Assert.Equal("/admin/ressources?statut=publiee", all.QuerySelector("a[data-check=none]")?.GetAttribute("href"));
        }
    }

    [Fact]
    public async Task AnonymousVisitorsAndMembersAreRefused()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Membre", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("membre@ville.fr", Roles.Member, "Ville Membre");
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var member = await site.SignedInClientAsync("membre@ville.fr");
        var study = await IdAsync(site, DemoSlugs.Study);

        foreach (var action in new[] { "/admin/ressources/lot", "/admin/ressources/lot/confirmer" })
        {
            var fields = OnSelection("depublier", [study], ("attendu", "8")).Append(new("portee", "filtre")).ToList();
            using var anonymousResponse = await PostAsync(anonymous, action, fields, "/compte/connexion");
            using var memberResponse = await PostAsync(member, action, fields, "/compte");

            Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
            Assert.StartsWith("/compte/connexion", anonymousResponse.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Forbidden, memberResponse.StatusCode);
        }

        Assert.NotNull(await site.WithDbAsync(db => db.Resources.Where(r => r.Id == study).Select(r => r.PublishAt).SingleAsync()));
    }

    /// <summary>The confirmation form's fields as a browser posts them.</summary>
    private static List<KeyValuePair<string, string>> Fields(AngleSharp.Dom.IDocument page) =>
        page.QuerySelectorAll("form.bulk-confirm input[type=hidden]")
            .Where(i => i.GetAttribute("name") != "__RequestVerificationToken")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .ToList();
}
