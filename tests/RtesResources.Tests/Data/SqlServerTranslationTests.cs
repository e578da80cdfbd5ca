using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Features.Catalogue;

namespace RtesResources.Tests.Data;

/// <summary>
/// Every catalogue query must translate for SQL Server, the production provider. The context never
/// connects: ToQueryString only asks EF to write the SQL.
/// </summary>
public class SqlServerTranslationTests
{
    private static readonly CatalogueCriteria Everything = new()
    {
        SearchTerms = ["economie", "50%_*\\'; --"],
        KindId = 1,
        CategoryId = 2,
        Year = 2020,
        Access = AccessFilter.MembersOnly,
        SpeakerId = 3,
        SeriesId = 4,
        CanReadPrivate = false,
        Now = new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc),
    };

    public static TheoryData<string> QueryNames => ["page", "kinds", "categories", "years", "access", "page-members", "related"];

    [Theory]
    [MemberData(nameof(QueryNames))]
    public void CatalogueQueriesTranslate(string name)
    {
        using var db = TestDatabases.CreateSqlServerContext();
        var catalogue = new DatabaseCatalogue(db);

        var sql = name switch
        {
            "page" => catalogue.PageQuery(Everything, 3).ToQueryString(),
            "page-members" => catalogue.PageQuery(Everything with { CanReadPrivate = true }, 1).ToQueryString(),
            "kinds" => catalogue.KindCounts(Everything).ToQueryString(),
            "categories" => catalogue.CategoryCounts(Everything).ToQueryString(),
            "years" => catalogue.YearCounts(Everything).ToQueryString(),
            "access" => catalogue.AccessCounts(Everything).ToQueryString(),
            "related" => catalogue.RelatedQuery(1, [1, 2, 3], 4, DateTime.UtcNow).ToQueryString(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.Contains("FROM [Resources]", sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("brouillon", "resume", "titre")]
    [InlineData("programmee", "thematique", "publication")]
    [InlineData("publiee", "fichier", null)]
    [InlineData("corbeille", null, null)]
    public void BackOfficeListTranslates(string status, string? missing, string? sort)
    {
        using var db = TestDatabases.CreateSqlServerContext();
        var query = new RtesResources.Web.Features.Publishing.ResourceListQuery { Q = "économie 50%", Statut = status, Type = 1, Thematique = 2, Acces = "adherents", Manque = missing, Tri = sort };

        var sql = query.Filter(db.Resources, DateTime.UtcNow).ToQueryString();

        Assert.Contains("FROM [Resources]", sql, StringComparison.Ordinal);
    }

    public static TheoryData<string> SearchIndexQueries => ["changes", "kind", "category", "speaker", "series", "unknown", "documents", "rebuild-batch"];

    [Theory]
    [MemberData(nameof(SearchIndexQueries))]
    public void SearchIndexQueriesTranslate(string name)
    {
        using var db = TestDatabases.CreateSqlServerContext();

        var sql = name switch
        {
            "changes" => RtesResources.Web.Features.Search.SearchIndex.ChangesAfter(db, 42).ToQueryString(),
            "kind" => RtesResources.Web.Features.Search.SearchIndex.ResourcesInScope(db, "kind:1").ToQueryString(),
            "category" => RtesResources.Web.Features.Search.SearchIndex.ResourcesInScope(db, "category:2").ToQueryString(),
            "speaker" => RtesResources.Web.Features.Search.SearchIndex.ResourcesInScope(db, "speaker:3").ToQueryString(),
            "series" => RtesResources.Web.Features.Search.SearchIndex.ResourcesInScope(db, "series:4").ToQueryString(),
            "unknown" => RtesResources.Web.Features.Search.SearchIndex.ResourcesInScope(db, "nonsense").ToQueryString(),
            "documents" => RtesResources.Web.Features.Search.SearchDocuments.Project(db.Resources.Where(r => new[] { 1, 2 }.Contains(r.Id))).ToQueryString(),
            "rebuild-batch" => RtesResources.Web.Features.Search.SearchDocuments.Project(db.Resources.Where(r => r.Id > 7 && r.DeletedAt == null && r.PublishAt != null).OrderBy(r => r.Id).Take(500)).ToQueryString(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.Contains("SELECT", sql, StringComparison.Ordinal);
    }

    public static TheoryData<string> BackOfficeQueries => ["status", "kinds", "lapsing", "collectivities", "collectivities-soon", "collectivities-lapsed", "accounts", "accounts-deletion"];

    [Theory]
    [MemberData(nameof(BackOfficeQueries))]
    public void DashboardAndMemberQueriesTranslate(string name)
    {
        using var db = TestDatabases.CreateSqlServerContext();
        var dashboard = new RtesResources.Web.Areas.Admin.Services.DashboardService(db, TimeProvider.System);
        var directory = new RtesResources.Web.Features.Accounts.MembersDirectory(db, TimeProvider.System);
        var today = new DateOnly(2026, 11, 26);

        var sql = name switch
        {
            "status" => dashboard.StatusCounts(DateTime.UtcNow).ToQueryString(),
            "kinds" => dashboard.KindCounts().ToQueryString(),
            "lapsing" => dashboard.Lapsing(today).ToQueryString(),
            "collectivities" => directory.CollectivitiesQuery("Nantes", "a-jour", today).ToQueryString(),
            "collectivities-soon" => directory.CollectivitiesQuery(null, "bientot", today).ToQueryString(),
            "collectivities-lapsed" => directory.CollectivitiesQuery("123456789", "echue", today).ToQueryString(),
            "accounts" => directory.AccountsQuery("agent", "Member", 3).ToQueryString(),
            "accounts-deletion" => directory.AccountsQuery(null, null, null, deletionRequestedOnly: true).ToQueryString(),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        Assert.Contains("SELECT", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void ErasureQueriesTranslate()
    {
        using var db = TestDatabases.CreateSqlServerContext();
        var erasure = new RtesResources.Web.Features.Accounts.AccountErasure(db, null!, null!, Microsoft.Extensions.Logging.Abstractions.NullLogger<RtesResources.Web.Features.Accounts.AccountErasure>.Instance);

        var revisions = erasure.Revisions("id", "a@b.fr", "a@b.fr").ToQueryString();
        var requests = erasure.AccessRequests("id", "A@b.fr").ToQueryString();

        Assert.Contains("[SavedByUserId]", revisions, StringComparison.Ordinal);
        Assert.Contains("UPPER(", requests, StringComparison.Ordinal);
    }

    [Fact]
    public void YearFilterIsADateRangeThatCanUseTheIndex()
    {
        using var db = TestDatabases.CreateSqlServerContext();

        var sql = new DatabaseCatalogue(db).PageQuery(new CatalogueCriteria { Year = 2020 }, 1).ToQueryString();

        Assert.Matches(@"\[r\d*\]\.\[PublishedOn\] >= ", sql);
        Assert.Matches(@"\[r\d*\]\.\[PublishedOn\] < ", sql);
        Assert.DoesNotContain("DATEPART", sql, StringComparison.Ordinal);
    }

    [Fact]
    public void PrivateBodiesAreNotSearchedForVisitorsWithoutAccess()
    {
        using var db = TestDatabases.CreateSqlServerContext();
        var catalogue = new DatabaseCatalogue(db);

        var anonymous = catalogue.PageQuery(new CatalogueCriteria { SearchTerms = ["x"] }, 1).ToQueryString();
        var member = catalogue.PageQuery(new CatalogueCriteria { SearchTerms = ["x"], CanReadPrivate = true }, 1).ToQueryString();

        Assert.Matches(@"\[r\d*\]\.\[IsPrivate\] = CAST\(0 AS bit\)", anonymous);
        Assert.DoesNotMatch(@"\[r\d*\]\.\[IsPrivate\] = CAST\(0 AS bit\)", member);
    }
}
