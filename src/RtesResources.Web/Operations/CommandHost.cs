using Microsoft.Extensions.Options;
using RtesResources.Web.Infrastructure;

namespace RtesResources.Web.Operations;

/// <summary>
/// A command (docs/operations.md) run by the executable, or by a test in its own process with its own
/// configuration and console: the same code path for both. The command line is parsed first, so that
/// help and usage errors need no configuration; the application is built only when the command runs.
/// </summary>
public static class CommandHost
{
    /// <summary>Runs the command of <paramref name="args"/> with the application built from <paramref name="builder"/>.</summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(WebApplicationBuilder builder, IReadOnlyList<string> args, CommandConsole console)
    {
        builder.Configuration.AddInMemoryCollection(ConsoleLogging.ForCommand(builder.Configuration, CommandLine.IsVerbose(args)));
        WebApplication? app = null;
        try
        {
            return await CommandLine.RunAsync(
                () =>
                {
                    app = SiteApplication.Build(builder);
                    // What the site checks when it starts (ValidateOnStart), a command checks before it runs.
                    app.Services.GetService<IStartupValidator>()?.Validate();
                    app.Services.GetRequiredService<Features.Caching.PageCacheEvictor>();
                    return Task.FromResult(app.Services);
                },
                args,
                console);
        }
        catch (Exception exception) when (StartupFailure.IsConfigurationError(exception))
        {
            if (app is not null)
            {
                await app.DisposeAsync();
                app = null;
            }

            return await StartupFailure.ReportAsync(exception, builder.Configuration, console.Error);
        }
        catch (Exception exception) when (app is not null)
        {
            // A bug or an unavailable resource (a folder, the database): logged with its stack trace, then
            // one line to end on, and exit code 1 rather than the runtime's abort (134).
            app.Services.GetRequiredService<ILogger<CommandConsole>>().CommandFailed(exception, string.Join(' ', args.Take(2)));
            // The logs are written asynchronously: flushed first, so that the line comes last.
            await app.DisposeAsync();
            app = null;
            await console.Error.WriteLineAsync($"La commande a échoué : {exception.Message}");
            return CommandLine.Failed;
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
        }
    }
}
