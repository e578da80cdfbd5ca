using RtesResources.Web.Features.Content;

namespace RtesResources.Tests.Content;

public class SearchTextAndSlugTests
{
    [Theory]
    [InlineData("Économie", "economie")]
    [InlineData("élu.e", "elu.e")]
    [InlineData("MÉTROPOLES", "metropoles")]
    [InlineData("cœur", "coeur")]
    [InlineData("l’ESS", "l'ess")]
    [InlineData("  deux   mots\n\tici ", "deux mots ici")]
    [InlineData("a\u0000b", "a b")]
    [InlineData(null, "")]
    public void NormalizeFoldsAccentsCaseAndSpaces(string? input, string expected) =>
        Assert.Equal(expected, SearchText.Normalize(input));

    [Theory]
    [InlineData("Économie sociale", "economie-sociale")]
    [InlineData("Fiche n°3 : L'économie sociale et solidaire au cœur", "fiche-n-3-l-economie-sociale-et-solidaire-au-coeur")]
    [InlineData("  --Élu·es & agents!! ", "elu-es-agents")]
    [InlineData("", "")]
    public void SlugTransliteratesFrench(string input, string expected) =>
        Assert.Equal(expected, Slug.From(input));

    [Fact]
    public void SlugIsCutToLengthWithoutTrailingDash() =>
        Assert.Equal("abc-def", Slug.From("abc def ghi", 8));

    [Theory]
    [InlineData("economie-sociale", true)]
    [InlineData("Economie", false)]
    [InlineData("a/b", false)]
    [InlineData("'; --", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsWellFormedAcceptsOnlySlugCharacters(string? input, bool expected) =>
        Assert.Equal(expected, Slug.IsWellFormed(input));
}
