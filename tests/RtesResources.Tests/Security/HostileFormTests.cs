using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RtesResources.Tests.Infrastructure;
using RtesResources.Web.Authorization;

namespace RtesResources.Tests.Security;

/// <summary>
/// Every POST endpoint the app maps, found from its routes, receives a battery of hostile bodies —
/// NUL and other control characters, invalid UTF-8, overlong values, repeated fields, wrong content
/// types, other methods — from an anonymous visitor and from a signed-in Admin: it never answers a
/// server error, and any refusal is the French error page.
/// </summary>
public partial class HostileFormTests
{
    [Fact]
    public async Task NulInTheLoginFormIsAFrenchBadRequest()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });
        var token = await TokenAsync(client, "/compte/connexion");

        using var response = await client.PostAsync("/compte/connexion", Form($"Email=a%00b%40ville.fr&Password=x&__RequestVerificationToken={token}"));
        var page = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("fr", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Requête incorrecte", page.QuerySelector("h1")?.TextContent);
    }

    [Fact]
    public async Task OpeningAnErrorPageDirectlyIsANotFoundWhateverTheMethod()
    {
        using var site = new RtesWebFactory { SeedDemoData = false };
        using var client = site.CreateClient(new() { AllowAutoRedirect = false });

        using var get = await client.GetAsync("/erreur/500");
        using var post = await client.PostAsync("/erreur/500?code=400", Form("code=403"));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task EveryPostEndpointAnswersHostileBodiesWithoutAServerError()
    {
        using var site = new RtesWebFactory();
        await site.AddCollectivityAsync("Ville Hostile", new DateOnly(2099, 1, 1));
        await site.AddUserAsync("cible@ville.fr", Roles.Member, "Ville Hostile");
        var fileId = await site.WithDbAsync(db => db.Attachments.Select(a => a.Id).FirstAsync());
        var memberId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "cible@ville.fr").Select(u => u.Id).SingleAsync());
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var admin = await site.SignedInAdminClientAsync("hostile@rtes.fr");

        var endpoints = PostEndpoints(site);
        Assert.True(endpoints.Count >= 40, $"Only {endpoints.Count} POST endpoints found.");

        var failures = new List<string>();
        var adminActionsReached = 0;
        HttpStatusCode? adminBeforeLogout = null;
        foreach (var (client, who, tokenPage) in new[] { (anonymous, "anonymous", "/compte/connexion"), (admin, "admin", "/compte") })
        {
            var token = await TokenAsync(client, tokenPage);
            foreach (var endpoint in endpoints)
            {
                var url = "/" + RouteParameter().Replace(endpoint.Pattern, m => m.Groups["name"].Value switch
                {
                    "list" => "thematiques",
                    "fileId" => fileId.ToString(),
                    "id" when endpoint.Pattern.Contains("comptes", StringComparison.Ordinal) => memberId,
                    "code" => "500",
                    _ => "1",
                });
                if (who == "admin" && endpoint.Pattern.Contains("deconnexion", StringComparison.Ordinal))
                {
                    using var check = await admin.GetAsync("/admin");
                    adminBeforeLogout = check.StatusCode;
                }

                foreach (var (name, method, content, query) in Battery(endpoint.Fields, token))
                {
                    using var request = new HttpRequestMessage(method, url + query) { Content = content };
                    using var response = await client.SendAsync(request);
                    var problem = await ProblemAsync(response);
                    if (who == "admin" && url.StartsWith("/admin", StringComparison.Ordinal) && (int)response.StatusCode is >= 200 and < 400)
                    {
                        adminActionsReached++;
                    }

                    if (problem is not null)
                    {
                        failures.Add($"{who} {method} {url} [{name}]: {problem}");
                    }
                }
            }
        }

        // The battery went past antiforgery into the actions, signed in until the logout (the last endpoint).
        Assert.True(adminActionsReached > 100, $"Only {adminActionsReached} back-office answers below 400.");
        Assert.Equal(HttpStatusCode.OK, adminBeforeLogout);
        Assert.True(failures.Count == 0, $"{failures.Count} failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(60))}");
    }

    [Fact]
    public async Task EveryGetEndpointAnswersHostileAddressesWithoutAServerError()
    {
        using var site = new RtesWebFactory();
        using var anonymous = site.CreateClient(new() { AllowAutoRedirect = false });
        using var admin = await site.SignedInAdminClientAsync("curieuse@rtes.fr");
        var patterns = site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("GET") == true)
            .Select(e => e.RoutePattern.RawText?.TrimStart('/'))
            .OfType<string>()
            .Where(p => !p.Contains('.', StringComparison.Ordinal) && !p.Contains("deconnexion", StringComparison.Ordinal))
            .Distinct()
            .ToList();
        Assert.True(patterns.Count >= 30, $"Only {patterns.Count} GET endpoints found.");

        var failures = new List<string>();
        foreach (var (client, who) in new[] { (anonymous, "anonymous"), (admin, "admin") })
        {
            foreach (var pattern in patterns)
            {
                foreach (var (name, value, query) in new[]
                {
                    // NUL in the path is refused by the server before the app (Kestrel, and TestServer alike).
                    ("NUL", "a%01b", "?q=%00&page=%00&returnUrl=%00&jeton=%00&x=%00"),
                    ("control characters", "a%01%1F%7Fb", "?q=%01%1B&returnUrl=%0D%0A&tri=%7F"),
                    ("invalid UTF-8", "%FF%C3%28", "?q=%FF%FE&type=%C0%AF&returnUrl=%ED%A0%80"),
                    ("long", new string('a', 3000), "?q=" + new string('a', 10_000) + "&returnUrl=/" + new string('b', 10_000)),
                    ("repeated", "1", "?q=a&q=b&page=1&page=x&returnUrl=/a&returnUrl=//evil.example"),
                })
                {
                    var url = "/" + RouteParameter().Replace(pattern, value) + query;
                    using var response = await client.GetAsync(url);
                    if (await ProblemAsync(response) is { } problem)
                    {
                        failures.Add($"{who} GET /{pattern} [{name}]: {problem}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failures:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(60))}");
    }

    private sealed record Endpoint(string Pattern, IReadOnlyList<string> Fields);

    /// <summary>Endpoints that take POST (or any method), with the form fields their action binds; the logout last.</summary>
    private static List<Endpoint> PostEndpoints(RtesWebFactory site) =>
        site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not { } methods || methods.HttpMethods.Contains("POST"))
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.Contains('.', StringComparison.Ordinal))
            .Select(e => new Endpoint(e.RoutePattern.RawText!.TrimStart('/'), FieldsOf(e.Metadata.GetMetadata<ControllerActionDescriptor>(), e.RoutePattern.RawText!)))
            .DistinctBy(e => e.Pattern)
            .OrderBy(e => e.Pattern.Contains("deconnexion", StringComparison.Ordinal))
            .ToList();

    private static List<string> FieldsOf(ControllerActionDescriptor? action, string pattern)
    {
        var fields = new List<string>();
        foreach (var parameter in action?.Parameters ?? [])
        {
            if (parameter.ParameterType == typeof(CancellationToken) || pattern.Contains("{" + parameter.Name, StringComparison.Ordinal))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(Guid) || type == typeof(decimal))
            {
                fields.Add(parameter.Name);
                continue;
            }

            var prefix = parameter.BindingInfo?.BinderModelName is { Length: > 0 } p ? p + "." : "";
            fields.AddRange(type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(x => x.CanWrite).Select(x => prefix + x.Name));
        }

        return fields.Count == 0 ? ["x"] : fields;
    }

    private static IEnumerable<(string Name, HttpMethod Method, HttpContent? Content, string Query)> Battery(IReadOnlyList<string> fields, string token)
    {
        var t = "__RequestVerificationToken=" + token;
        string All(string value) => string.Join("&", fields.Select(f => Uri.EscapeDataString(f) + "=" + value));

        yield return ("NUL in every field", HttpMethod.Post, Form($"{All("a%00b")}&{t}"), "");
        yield return ("NUL in a field name", HttpMethod.Post, Form($"{All("x")}&na%00me=x&{t}"), "");
        yield return ("NUL in the token", HttpMethod.Post, Form($"{All("x")}&__RequestVerificationToken=%00"), "");
        yield return ("NUL in the query string", HttpMethod.Post, Form($"{All("x")}&{t}"), "?returnUrl=%00&" + All("%00"));
        yield return ("control characters", HttpMethod.Post, Form($"{All("a%01%08%0B%1B%1F%7F%C2%85b")}&{t}"), "");
        yield return ("odd Unicode", HttpMethod.Post, Form($"{All("%E2%80%AE%EF%BF%BE%F0%9F%98%80%CC%81")}&{t}"), "");
        yield return ("invalid UTF-8, escaped", HttpMethod.Post, Form($"{All("%FF%FE%C3%28%ED%A0%80%C0%AF")}&{t}"), "");
        yield return ("invalid UTF-8, raw", HttpMethod.Post, RawForm(Encoding.ASCII.GetBytes($"{t}&")
            .Concat(fields.SelectMany(f => Encoding.ASCII.GetBytes(Uri.EscapeDataString(f) + "=").Concat(new byte[] { 0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80, (byte)'&' }))).ToArray()), "");
        yield return ("long values", HttpMethod.Post, Form($"{All(new string('a', 100_000))}&{t}"), "");
        yield return ("value over the form limit", HttpMethod.Post, Form($"{fields[0]}={new string('a', 5_000_000)}&{t}"), "");
        yield return ("name over the form limit", HttpMethod.Post, Form($"{new string('n', 5_000)}=x&{t}"), "");
        yield return ("too many fields", HttpMethod.Post, Form(string.Join("&", Enumerable.Range(0, 2_000).Select(i => $"f{i}=x")) + "&" + t), "");
        yield return ("repeated fields", HttpMethod.Post, Form($"{All("1")}&{All("deux")}&{All("")}&{t}"), "");
        yield return ("repeated token", HttpMethod.Post, Form($"{All("x")}&{t}&{t}"), "");
        yield return ("JSON", HttpMethod.Post, new StringContent("{\"Email\":\"a@b.fr\"}", Encoding.UTF8, "application/json"), "");
        yield return ("text/plain", HttpMethod.Post, new StringContent($"{All("x")}&{t}", Encoding.UTF8, "text/plain"), "");
        yield return ("no content type", HttpMethod.Post, new ByteArrayContent(Encoding.ASCII.GetBytes($"{All("x")}&{t}")), "");
        yield return ("unknown charset", HttpMethod.Post, WithType(Form($"{All("x")}&{t}"), "application/x-www-form-urlencoded; charset=nope"), "");
        yield return ("multipart without boundary", HttpMethod.Post, WithType(new StringContent("--x\r\n\r\n"), "multipart/form-data"), "");
        yield return ("broken multipart", HttpMethod.Post, WithType(new StringContent("--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nno end"), "multipart/form-data; boundary=b"), "");
        yield return ("multipart with NUL", HttpMethod.Post, Multipart(fields, "a\0b", token), "");
        yield return ("PUT", HttpMethod.Put, Form($"{All("x")}&{t}"), "");
        yield return ("DELETE", HttpMethod.Delete, null, "");
        yield return ("PATCH with NUL", HttpMethod.Patch, Form($"{All("a%00b")}&{t}"), "");
    }

    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{status}";
        }

        // A cookie echoing what was typed (a TempData message) would outgrow what browsers keep and send.
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Sum(v => v.Length) : 0;
        if (cookies > 4096)
        {
            return $"{status} setting {cookies} bytes of cookies";
        }

        if (status < 400)
        {
            return null;
        }

        var body = await response.Content.ReadAsStringAsync();
        // The API answers its errors as French problem details (docs/api.md), short whatever was sent.
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            using var problem = System.Text.Json.JsonDocument.Parse(body);
            var root = problem.RootElement;
            return root.GetProperty("status").GetInt32() == status && root.GetProperty("title").GetString() is { Length: > 0 } && body.Length < 2000
                ? null
                : $"{status} with problem details that do not say it, or too long ({body.Length} characters)";
        }

        var page = Html.Parse(body);
        return response.Content.Headers.ContentType?.MediaType == "text/html" && page.DocumentElement.GetAttribute("lang") == "fr" && page.QuerySelector("h1") is not null
            ? null
            : $"{status} without the French error page ({response.Content.Headers.ContentType}, {body.Length} characters)";
    }

    private static async Task<string> TokenAsync(HttpClient client, string page) =>
        Uri.EscapeDataString((await client.GetDocumentAsync(page)).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);

    private static ByteArrayContent Form(string body) => RawForm(Encoding.ASCII.GetBytes(body));

    private static ByteArrayContent RawForm(byte[] body) => WithType(new ByteArrayContent(body), "application/x-www-form-urlencoded");

    private static T WithType<T>(T content, string type)
        where T : HttpContent
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return content;
    }

    /// <summary>A multipart body written by hand: NUL bytes in values and in a file name, which HttpClient would refuse to write.</summary>
    private static ByteArrayContent Multipart(IReadOnlyList<string> fields, string value, string token)
    {
        var body = new StringBuilder();
        foreach (var (name, text) in fields.Select(f => (f, value)).Append(("__RequestVerificationToken", Uri.UnescapeDataString(token))))
        {
            body.Append("--b\r\nContent-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n").Append(text).Append("\r\n");
        }

        body.Append("--b\r\nContent-Disposition: form-data; name=\"fichiers\"; filename=\"a\0b.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-\0\r\n--b--\r\n");
        return WithType(new ByteArrayContent(Encoding.UTF8.GetBytes(body.ToString())), "multipart/form-data; boundary=b");
    }

    [GeneratedRegex("{(?<name>[^}:=?*]+)[^}]*}")]
    private static partial Regex RouteParameter();
}
