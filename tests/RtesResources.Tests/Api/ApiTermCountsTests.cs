using System.Text.Json;

namespace RtesResources.Tests.Api;

/// <summary>
/// The term lists give each term's number of resources, the catalogue's own count (its facets, from the
/// index): the same as the list each term links to, whoever asks, at a cost that does not grow with the terms.
/// </summary>
public class ApiTermCountsTests(ApiSite site) : IClassFixture<ApiSite>
{
    [Theory]
    [InlineData("/api/v1/types")]
    [InlineData("/api/v1/thematiques")]
    [InlineData("/api/v1/collections")]
    [InlineData("/api/v1/intervenants")]
    public async Task EachTermCountsTheResourcesItsListHolds(string url)
    {
        using var anonymous = JsonDocument.Parse(await site.Anonymous.GetStringAsync(url));
        using var member = JsonDocument.Parse(await site.Member.GetStringAsync(url));

        var terms = anonymous.RootElement.EnumerateArray().ToList();
        Assert.Contains(terms, t => t.GetProperty("resourceCount").GetInt32() > 0);
        foreach (var term in terms)
        {
            var list = new Uri(term.GetProperty("resourcesUrl").GetString()!).PathAndQuery;
            using var resources = JsonDocument.Parse(await site.Anonymous.GetStringAsync(list));
            Assert.True(
                resources.RootElement.GetProperty("totalCount").GetInt32() == term.GetProperty("resourceCount").GetInt32(),
                $"{term.GetProperty("slug").GetString()}: {term.GetProperty("resourceCount").GetInt32()} announced, {resources.RootElement.GetProperty("totalCount").GetInt32()} listed");
        }

        // Private resources count for everyone, as their teasers are listed for everyone.
        Assert.Equal(
            terms.Select(t => t.GetProperty("resourceCount").GetInt32()),
            member.RootElement.EnumerateArray().Select(t => t.GetProperty("resourceCount").GetInt32()));
    }

    [Theory]
    [InlineData("/api/v1/types", 0)]
    [InlineData("/api/v1/thematiques", 0)]
    [InlineData("/api/v1/collections", 0)]
    [InlineData("/api/v1/intervenants", 1)]
    public async Task CountsCostNoQueryPerTerm(string url, int queries)
    {
        using var warm = await site.Anonymous.GetAsync(url);
        site.SqlCommands.Reset();

        using var response = await site.Anonymous.GetAsync(url);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(queries, site.SqlCommands.Count);
    }
}
