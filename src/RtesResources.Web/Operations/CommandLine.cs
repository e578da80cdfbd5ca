using Microsoft.EntityFrameworkCore;
using RtesResources.Web.Data;

namespace RtesResources.Web.Operations;

/// <summary>
/// Operations run by the site's own executable: "dotnet run --project src/RtesResources.Web -- migrate".
/// Arguments that start with "-" (such as --urls) belong to the web host, not to a command.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: RtesResources.Web [command]

        Without a command, the web site starts.

        Commands:
          migrate     Apply the database migrations of the configured provider, then exit.
          demo-data   Apply migrations, then add the demo data set (the RTES seed content) where missing.
                      Running it again changes nothing.
          help        Show this text.
        """;

    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        switch (args[0])
        {
            case "migrate" when args.Length == 1:
                await using (var scope = services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    await db.Database.MigrateAsync();
                    await output.WriteLineAsync("Database is up to date.");
                }

                return 0;
            case "demo-data" when args.Length == 1:
                await using (var scope = services.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    await db.Database.MigrateAsync();
                    var added = await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync();
                    await output.WriteLineAsync($"Demo data: {added} resource(s) added.");
                }

                return 0;
            case "help" or "--help" when args.Length == 1:
                await output.WriteLineAsync(Usage);
                return 0;
            default:
                await error.WriteLineAsync($"Unknown command or arguments: {string.Join(' ', args)}");
                await error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
