using System.Net;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Web;

/// <summary>Whatever is typed or pasted into a URL, the public site answers clearly and never with a 500.</summary>
[Collection(DemoSiteTests.Name)]
public class BadInputTests(RtesWebFactory site)
{
    private readonly HttpClient _client = site.CreateClient();

    public static TheoryData<string> OddCatalogueQueries =>
    [
        "page=-1",
        "page=0",
        "page=abc",
        "page=999999999",
        "page=99999999999999999999999",
        "page=2.5",
        "page=",
        "page=1&page=2",
        "type=inconnu",
        "type=",
        "thematique=inconnue",
        "thematique=%27%3B%20--",
        "annee=abc",
        "annee=-2020",
        "annee=99999",
        "acces=tout",
        "intervenant=%00",
        "q=" + new string('a', 5000),
        "q=%22%27%22",
        "q=%25",
        "q=%25%25%25",
        "q=*",
        "q=%5C",
        "q=%5C%25_",
        "q=%27%3B%20--",
        "q=%27%3B%20DROP%20TABLE%20Resources%3B%20--",
        "q=%00%01%02%1F%7F",
        "q=%E2%80%AE%F0%9F%98%80",
        "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "q=+++",
        "q[]=x",
        "unknown=1&Q=ESS&PAGE=2",
    ];

    [Theory]
    [MemberData(nameof(OddCatalogueQueries))]
    public async Task CatalogueAnswersOddQueryStringsWithAPage(string query)
    {
        using var response = await _client.GetAsync("/ressources?" + query);
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Ressources", page.QuerySelector("h1")?.TextContent);
        Assert.Empty(page.QuerySelectorAll("main script"));
    }

    [Fact]
    public async Task HugePageNumberShowsTheLastPage()
    {
        var page = await _client.GetDocumentAsync("/ressources?page=999999999");

        Assert.Equal(8, page.CardSlugs().Count);
    }

    [Fact]
    public async Task LongSearchIsCutNotRejected()
    {
        var page = await _client.GetDocumentAsync("/ressources?q=" + new string('a', 5000));

        Assert.Equal(200, page.QuerySelector("input#q")?.GetAttribute("value")?.Length);
        Assert.Contains("Aucune ressource", page.MainText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchTextIsEchoedEncoded()
    {
        var page = await _client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString("<script>alert(1)</script>"));

        // The page's only scripts are the site's own files (the search suggestions).
        Assert.All(page.QuerySelectorAll("script"), script =>
        {
            Assert.StartsWith("/js/", script.GetAttribute("src"), StringComparison.Ordinal);
            Assert.Equal("", script.TextContent);
        });
        Assert.Equal("<script>alert(1)</script>", page.QuerySelector("input#q")?.GetAttribute("value"));
    }

    [Theory]
    [InlineData("%")]
    [InlineData("_")]
    [InlineData("*")]
    [InlineData("\\")]
    public async Task LikeWildcardsAreSearchedLiterally(string wildcard)
    {
        var page = await _client.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(wildcard));

        // No resource of the seed contains these characters: a wildcard would have matched them all.
        Assert.True(page.CardSlugs().Count < 8, $"'{wildcard}' matched everything");
    }

    [Fact]
    public async Task PostToAPublicPageIsRefusedWithoutAnError()
    {
        using var response = await _client.PostAsync("/ressources", new FormUrlEncodedContent([new("q", "x")]));

        Assert.True((int)response.StatusCode is >= 400 and < 500, response.StatusCode.ToString());
    }
}
