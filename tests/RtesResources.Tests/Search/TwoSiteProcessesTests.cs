using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using RtesResources.Tests.Data;
using RtesResources.Tests.Infrastructure;

namespace RtesResources.Tests.Search;

/// <summary>
/// Two processes of the site, as on two servers: one SQLite database, an index folder each. What an
/// editor does on one is found, or no longer found, in the other's search within a few seconds,
/// through the change table alone.
/// </summary>
public sealed class TwoSiteProcessesTests : IDisposable
{
    private const string EditorEmail = "redaction@rtes.example";
    private const string EditorPassword = "Deux-Instances-2026!";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task EachProcessFindsTheOthersEditsInSearch()
    {
        await RunCommandAsync("demo-data");
        await RunCommandAsync("users", "add", "--email", EditorEmail, "--role", "Editor", "--name", "Rédaction RTES");
        await RunCommandWithInputAsync(EditorPassword + "\n", "users", "set-password", "--email", EditorEmail, "--password-stdin");

        await using var first = await SiteProcess.StartAsync(this, "first");
        await using var second = await SiteProcess.StartAsync(this, "second");
        var study = await ResourceIdAsync(DemoSlugs.Study);
        var words = await FirstTitleWordsAsync(DemoSlugs.Study);
        Assert.Contains(DemoSlugs.Study, await second.SearchAsync(words));

        // Moved to the bin through the first process: the second stops finding it by itself.
        using (var editor = await first.SignInAsync())
        using (var response = await editor.PostFormAsync("/admin", $"/admin/ressources/{study}/corbeille", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        Assert.DoesNotContain(DemoSlugs.Study, await first.SearchAsync(words));
        await Eventually.ValueAsync(() => second.SearchAsync(words), slugs => !slugs.Contains(DemoSlugs.Study), TimeSpan.FromSeconds(20));

        // Restored through the second process: the first finds it again.
        using (var editor = await second.SignInAsync())
        using (var response = await editor.PostFormAsync("/admin", $"/admin/ressources/{study}/restaurer", []))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var found = await Eventually.ValueAsync(() => first.SearchAsync(words), slugs => slugs.Contains(DemoSlugs.Study), TimeSpan.FromSeconds(20));
        Assert.Contains(DemoSlugs.Study, found);
    }

    private string DatabasePath => Path.Combine(_folder.Path, "shared.db");

    private async Task<int> ResourceIdAsync(string slug)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Resources WHERE Slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<string> FirstTitleWordsAsync(string slug)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Title FROM Resources WHERE Slug = $slug";
        command.Parameters.AddWithValue("$slug", slug);
        var title = (string)(await command.ExecuteScalarAsync())!;
        return "\"" + title + "\"";
    }

    private Task RunCommandAsync(params string[] args) => RunCommandWithInputAsync(null, args);

    private async Task RunCommandWithInputAsync(string? input, params string[] args)
    {
        var start = StartInfo("cli", args);
        start.RedirectStandardInput = input is not null;
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} failed: {await output}{await error}");
    }

    /// <summary>The executable run from its folder in Production, on the shared database, with this process's own index.</summary>
    private ProcessStartInfo StartInfo(string name, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RtesResources.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Default"] = $"Data Source={DatabasePath}";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SeedDemoData"] = "false";
        start.Environment["Email__PublicBaseUrl"] = "http://127.0.0.1";
        start.Environment["Email__Delivery"] = "Pickup";
        start.Environment["Email__PickupFolder"] = Path.Combine(_folder.Path, "mail");
        start.Environment["Storage__Root"] = Path.Combine(_folder.Path, "files");
        start.Environment["Search__IndexPath"] = Path.Combine(_folder.Path, "index-" + name);
        start.Environment["Serilog__WriteTo__1__Args__configure__0__Args__path"] = Path.Combine(_folder.Path, "logs", name + "-.log");
        return start;
    }

    private sealed class SiteProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _anonymous;

        private SiteProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
            _anonymous = new HttpClient { BaseAddress = address };
            // As through the local TLS proxy (PlainHttpCookies): the Production site answers plain http with a refusal.
            _anonymous.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        }

        public Uri Address { get; }

        public static async Task<SiteProcess> StartAsync(TwoSiteProcessesTests test, string name)
        {
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var start = test.StartInfo(name, []);
            start.Environment["ASPNETCORE_URLS"] = address.ToString();
            start.Environment["Database__MigrateOnStartup"] = "false";
            var process = Process.Start(start)!;
            // Read the output, so that a full pipe never blocks the site.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var site = new SiteProcess(process, address);
            await Eventually.ValueAsync(site.HealthAsync, health => health == "Healthy" || process.HasExited, TimeSpan.FromSeconds(60));
            Assert.False(process.HasExited, $"The {name} site process stopped at start.");
            return site;
        }

        public async Task<IReadOnlyList<string>> SearchAsync(string query) =>
            (await _anonymous.GetDocumentAsync("/ressources?q=" + Uri.EscapeDataString(query))).CardSlugs();

        public async Task<HttpClient> SignInAsync()
        {
            // A Production site's cookies are Secure: kept and sent back by hand over plain http.
            var client = new HttpClient(new PlainHttpCookies()) { BaseAddress = Address };
            using var response = await client.PostFormAsync("/compte/connexion", "/compte/connexion", new() { ["Email"] = EditorEmail, ["Password"] = EditorPassword });
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in failed: {(int)response.StatusCode}");
            return client;
        }

        public async ValueTask DisposeAsync()
        {
            _anonymous.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private async Task<string> HealthAsync()
        {
            try
            {
                return await _anonymous.GetStringAsync("/healthz");
            }
            catch (HttpRequestException)
            {
                return "";
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
