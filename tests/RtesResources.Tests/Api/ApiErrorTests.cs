using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Api;

/// <summary>
/// Errors under /api/ that the API controller does not write itself (no route, a method it does not
/// take, the authorization, a failure) answer problem+json in French, and the HTML site keeps its pages.
/// The probe controller stands for any endpoint under /api/ that needs an account or fails.
/// </summary>
public sealed class ApiErrorSite : RtesWebFactory, IAsyncLifetime
{
    public HttpClient Anonymous { get; private set; } = null!;

    public HttpClient Member { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddControllers().AddApplicationPart(typeof(ApiErrorProbeController).Assembly));
    }

    public async Task InitializeAsync()
    {
        await this.AddCollectivityAsync("Ville Adhérente", new DateOnly(2099, 6, 30));
        await this.AddUserAsync("membre@ville-adherente.fr", Roles.Member, "Ville Adhérente");
        Anonymous = CreateClient(new() { AllowAutoRedirect = false });
        Member = await this.SignedInClientAsync("membre@ville-adherente.fr");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

[Route("api/v1/essai")]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ApiErrorProbeController : ControllerBase
{
    [HttpGet("reserve")]
    [Authorize(Policy = Policies.Staff)]
    public IActionResult StaffOnly() => Ok();

    [HttpGet("mal-forme")]
    [AllowAnonymous]
    public IActionResult Malformed() => BadRequest();

    [HttpGet("panne")]
    [AllowAnonymous]
    public IActionResult Failure() => throw new InvalidOperationException($"Secret de la panne de {Request.Path} : ne doit jamais sortir.");
}

public class ApiErrorTests(ApiErrorSite site) : IClassFixture<ApiErrorSite>
{
    [Theory]
    [InlineData("POST", "/api/v1/ressources", 405, "Méthode non acceptée")]
    [InlineData("DELETE", "/api/v1/ressources/fiche-3-l-ess-au-coeur-des-competences-du-bloc-communal", 405, "Méthode non acceptée")]
    [InlineData("PUT", "/api/v1/openapi.json", 405, "Méthode non acceptée")]
    [InlineData("GET", "/api/v2/ressources", 404, "Adresse inconnue")]
    [InlineData("HEAD", "/api/v1/rien/ici", 404, null)]
    [InlineData("GET", "/api/v1/essai/reserve", 401, "Connexion nécessaire")]
    [InlineData("GET", "/api/v1/essai/mal-forme", 400, "Requête incorrecte")]
    [InlineData("GET", "/api/v1/essai/panne", 500, "Erreur du serveur")]
    public async Task ErrorsUnderTheApiAreFrenchProblems(string method, string url, int status, string? title)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await site.Anonymous.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Headers.Location);
        if (title is null)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        Assert.Equal(status, json.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(title, json.RootElement.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(new Uri(url, UriKind.Relative).OriginalString, json.RootElement.GetProperty("instance").GetString());
        Assert.DoesNotContain("Secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        if (status == 405)
        {
            Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
        }
    }

    [Fact]
    public async Task ASignedInCallerRefusedUnderTheApiGetsA403Problem()
    {
        using var response = await site.Member.GetAsync("/api/v1/essai/reserve");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Accès refusé", json.RootElement.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/page-introuvable", 404)]
    [InlineData("/admin", 302)]
    [InlineData("/apiculture", 404)]
    public async Task TheSiteKeepsItsFrenchPages(string url, int status)
    {
        using var response = await site.Anonymous.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        if (status == 404)
        {
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("introuvable", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.Contains("/compte/connexion", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        }
    }
}
