using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Publishing;

public class SynonymsTests
{
    private const string ListPath = "/admin/synonymes";

    private static async Task<(RtesWebFactory Site, HttpClient Editor)> SetUpAsync()
    {
        var site = new RtesWebFactory();
        await site.AddUserAsync("synonymes@rtes.fr", Roles.Editor);
        return (site, await site.SignedInClientAsync("synonymes@rtes.fr"));
    }

    [Fact]
    public async Task TheListShowsTheSeededVocabularyInFrenchOrder()
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var page = await editor.GetDocumentAsync(ListPath);
            var groups = page.QuerySelectorAll("table tbody tr td:first-child").Select(td => td.TextContent.Trim()).ToList();

            Assert.Contains("SCIC, société coopérative d'intérêt collectif", groups);
            Assert.Contains("EPCI, établissement public de coopération intercommunale, intercommunalité", groups);
            Assert.Equal(await site.WithDbAsync(db => db.SearchSynonyms.CountAsync()), groups.Count);
            Assert.Equal(groups.Order(StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), CompareOptions.IgnoreCase)), groups);
            Assert.Equal("page", page.QuerySelector(".admin-nav a[href='/admin/synonymes']")?.GetAttribute("aria-current"));
            Assert.Contains("en moins d'une minute", page.MainText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnAddedGroupFindsResourcesByItsNewTerm()
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var before = await editor.GetDocumentAsync("/ressources?q=megapole");

            using var created = await editor.PostFormAsync(ListPath + "/nouveau", ListPath + "/nouveau", new() { ["Terms"] = " mégapole ,métropole " });
            await site.ApplySearchChangesAsync();
            var after = await editor.GetDocumentAsync("/ressources?q=megapole");

            Assert.Empty(before.CardSlugs());
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            Assert.Equal(ListPath, created.Headers.Location?.OriginalString);
            Assert.Equal("mégapole, métropole", await site.WithDbAsync(db => db.SearchSynonyms.Where(s => s.Terms.StartsWith("mégapole")).Select(s => s.Terms).SingleAsync()));
            // Synonyms are matched before stemming: "métropole" stands for the singular only (the video's text has it).
            Assert.Contains(DemoSlugs.Video, after.CardSlugs());
        }
    }

    [Fact]
    public async Task AnEditedGroupSearchesByItsNewTermsAndADeletedGroupNoLonger()
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            await editor.PostFormAsync(ListPath + "/nouveau", ListPath + "/nouveau", new() { ["Terms"] = "mégapole, métropole" });
            var id = await site.WithDbAsync(db => db.SearchSynonyms.Where(s => s.Terms == "mégapole, métropole").Select(s => s.Id).SingleAsync());
            var form = await editor.GetDocumentAsync($"{ListPath}/{id}");

            using var edited = await editor.PostFormAsync($"{ListPath}/{id}", $"{ListPath}/{id}", new() { ["Terms"] = "conurbation, métropole" });
            await site.ApplySearchChangesAsync();
            var byNewTerm = await editor.GetDocumentAsync("/ressources?q=conurbation");
            var byOldTerm = await editor.GetDocumentAsync("/ressources?q=megapole");

            var confirmation = await editor.GetDocumentAsync($"{ListPath}/{id}/supprimer");
            using var deleted = await editor.PostFormAsync($"{ListPath}/{id}/supprimer", $"{ListPath}/{id}/supprimer", []);
            await site.ApplySearchChangesAsync();
            var afterDelete = await editor.GetDocumentAsync("/ressources?q=conurbation");
            var list = await editor.GetDocumentAsync(ListPath);

            Assert.Equal("mégapole, métropole", form.QuerySelector("textarea#Terms")?.TextContent);
            // The limit comes from the input model's [StringLength] (MaxLengthTagHelper), without client validation attributes.
            Assert.Equal(RtesResources.Web.Domain.SearchSynonym.TermsMaxLength.ToString(CultureInfo.InvariantCulture), form.QuerySelector("textarea#Terms")?.GetAttribute("maxlength"));
            Assert.Null(form.QuerySelector("textarea#Terms")?.GetAttribute("data-val"));
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
            Assert.Contains(DemoSlugs.Video, byNewTerm.CardSlugs());
            Assert.Empty(byOldTerm.CardSlugs());
            Assert.Contains("« conurbation, métropole »", confirmation.MainText(), StringComparison.Ordinal);
            Assert.Equal("post", confirmation.QuerySelector($"main form[action='{ListPath}/{id}/supprimer']")?.GetAttribute("method"));
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.False(await site.WithDbAsync(db => db.SearchSynonyms.AnyAsync(s => s.Id == id)));
            Assert.Empty(afterDelete.CardSlugs());
            Assert.Contains("Groupe supprimé", list.QuerySelector(".notice-success")?.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheDeleteLinkOnlyAsksForConfirmation()
    {
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var list = await editor.GetDocumentAsync(ListPath);
            var link = list.QuerySelector("a[href$='/supprimer']")!.GetAttribute("href")!;
            var count = await site.WithDbAsync(db => db.SearchSynonyms.CountAsync());

            await editor.GetDocumentAsync(link);

            Assert.Equal(count, await site.WithDbAsync(db => db.SearchSynonyms.CountAsync()));
        }
    }

    [Fact]
    public async Task InvalidGroupsAreRefusedWithTheReasonInFrench()
    {
        var cases = new (string Terms, string Expected)[]
        {
            ("", "Indiquez au moins deux termes"),
            ("mégapole", "Indiquez au moins deux termes"),
            ("mégapole, ", "Indiquez au moins deux termes"),
            ("mégapole, , métropole", "Un terme est vide"),
            ("mégapole, Mégapole", "Le terme « Mégapole » figure deux fois"),
            (new string('a', 101) + ", b", "dépasse 100 caractères"),
            ("mégapole, ---", "au moins une lettre ou un chiffre"),
            ("Société coopérative d'intérêt collectif, scic", "Ce groupe existe déjà : « SCIC, société coopérative d'intérêt collectif »"),
            ("mégapole, scop", "Le terme « scop » figure déjà dans le groupe « SCOP, société coopérative et participative, société coopérative ouvrière de production »"),
            (string.Join(",", Enumerable.Range(0, 10).Select(i => (char)('a' + i) + new string('x', 98))), "1 000 caractères au plus, virgules et espaces compris"),
            (string.Join(", ", Enumerable.Range(0, 11).Select(i => (char)('a' + i) + new string('x', 94))), "Le groupe compte 1 000 caractères au plus."),
        };
        var (site, editor) = await SetUpAsync();
        using (site)
        using (editor)
        {
            var count = await site.WithDbAsync(db => db.SearchSynonyms.CountAsync());
            foreach (var (terms, expected) in cases)
            {
                using var response = await editor.PostFormAsync(ListPath + "/nouveau", ListPath + "/nouveau", new() { ["Terms"] = terms });
                var page = Html.Parse(await response.Content.ReadAsStringAsync());

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(expected, page.QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
                Assert.Equal("true", page.QuerySelector("textarea#Terms")?.GetAttribute("aria-invalid"));
            }

            // Editing a group may keep its own terms; it may not take another group's.
            var scic = await site.WithDbAsync(db => db.SearchSynonyms.Where(s => s.Terms.StartsWith("SCIC,")).Select(s => s.Id).SingleAsync());
            using var kept = await editor.PostFormAsync($"{ListPath}/{scic}", $"{ListPath}/{scic}", new() { ["Terms"] = "SCIC, société coopérative d'intérêt collectif, coopérative d'intérêt collectif" });
            using var taken = await editor.PostFormAsync($"{ListPath}/{scic}", $"{ListPath}/{scic}", new() { ["Terms"] = "SCIC, ESS" });

            Assert.Equal(count, await site.WithDbAsync(db => db.SearchSynonyms.CountAsync()));
            Assert.Equal(HttpStatusCode.Redirect, kept.StatusCode);
            Assert.Contains("Le terme « ESS » figure déjà dans le groupe « ESS, économie sociale et solidaire »", Html.Parse(await taken.Content.ReadAsStringAsync()).QuerySelector(".error-summary")?.TextContent, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task MembersAreRefused()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("m@ville.fr", Roles.Member, "Ville");
        using var member = await site.SignedInClientAsync("m@ville.fr");
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });

        using var forMember = await member.GetAsync(ListPath);
        using var forAnonymous = await anonymous.GetAsync(ListPath);

        Assert.Equal(HttpStatusCode.Forbidden, forMember.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, forAnonymous.StatusCode);
        Assert.Equal("/compte/connexion", forAnonymous.Headers.Location?.AbsolutePath);
    }
}
