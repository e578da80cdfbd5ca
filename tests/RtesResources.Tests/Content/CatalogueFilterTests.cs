using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Tests.Content;

public class CatalogueFilterTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData("abc", 1)]
    [InlineData("-1", 1)]
    [InlineData("0", 1)]
    [InlineData("3", 3)]
    [InlineData("99999999999999999999", 1)]
    [InlineData("999999999", 999999999)]
    public void PageIsReadLeniently(string? page, int expected) =>
        Assert.Equal(expected, CatalogueFilter.Parse(new CatalogueQuery { Page = page }).Page);

    [Fact]
    public void QueryIsCutAndStrippedOfControlCharacters()
    {
        var filter = CatalogueFilter.Parse(new CatalogueQuery { Q = "ab\u0001c" + new string('x', 5000) });

        Assert.Equal(CatalogueFilter.MaxQueryLength, filter.Query!.Length);
        Assert.StartsWith("abc", filter.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchTermsAreFoldedDistinctAndBounded()
    {
        var filter = CatalogueFilter.Parse(new CatalogueQuery { Q = "Économie ECONOMIE élu a b c d e f g h i" });

        Assert.Equal(["economie", "elu", "a", "b", "c", "d", "e", "f"], filter.SearchTerms);
    }

    [Theory]
    [InlineData("public", AccessFilter.Public)]
    [InlineData("ADHERENTS", AccessFilter.MembersOnly)]
    [InlineData("prive", null)]
    public void AccessTakesItsFrenchNames(string value, AccessFilter? expected) =>
        Assert.Equal(expected, CatalogueFilter.Parse(new CatalogueQuery { Acces = value }).Access);

    [Theory]
    [InlineData("2020", 2020)]
    [InlineData("20200", null)]
    [InlineData("deux-mille", null)]
    public void YearMustBeAPlausibleYear(string value, int? expected) =>
        Assert.Equal(expected, CatalogueFilter.Parse(new CatalogueQuery { Annee = value }).Year);

    [Fact]
    public void UrlKeepsEveryFilterAndDropsPageOne()
    {
        var filter = CatalogueFilter.Parse(new CatalogueQuery { Q = "élu & co", Type = "fiche", Thematique = "metropoles", Annee = "2020", Acces = "adherents", Page = "2" });

        Assert.Equal("/ressources?q=%C3%A9lu%20%26%20co&type=fiche&thematique=metropoles&annee=2020&acces=adherents", filter.ToUrl());
        Assert.EndsWith("&page=3", filter.ToUrl(3), StringComparison.Ordinal);
    }
}
