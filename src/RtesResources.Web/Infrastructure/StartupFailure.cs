using Microsoft.Extensions.Options;
using Serilog;

namespace RtesResources.Web.Infrastructure;

/// <summary>
/// A configuration the site or a command cannot start with: one French line naming the key, on standard
/// error and in the log, and exit code 78 (EX_CONFIG of sysexits.h) rather than a stack trace (docs/operations.md).
/// </summary>
public static class StartupFailure
{
    public const int ExitCode = Operations.CommandLine.ConfigurationError;

    /// <summary>
    /// A configuration error, caught only when this executable is the process: a host that runs the
    /// site in its own process (WebApplicationFactory in tests) gets the exception from the start-up.
    /// </summary>
    public static bool IsConfigurationError(Exception exception) =>
        exception is OptionsValidationException or InvalidConfigurationException
        && System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    public static string Describe(Exception exception)
    {
        var problems = exception is OptionsValidationException validation ? validation.Failures : [exception.Message];
        return "Configuration invalide : " + string.Join(" ; ", problems.Select(p => p.Trim().TrimEnd('.'))) + ".";
    }

    /// <summary>
    /// Writes the line to standard error and to the log files. Call it once the application (and its
    /// logger, which holds the log file) is disposed: the line is logged by a logger of its own, made from
    /// the same configuration but without the console, which already has the line.
    /// </summary>
    /// <returns>The process exit code.</returns>
    public static async Task<int> ReportAsync(Exception exception, IConfiguration configuration, TextWriter error)
    {
        var line = Describe(exception);
        await error.WriteLineAsync(line);
        try
        {
            var withoutConsole = new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection(ConsoleLogging.ConsoleSinkPaths(configuration).ToDictionary(p => p + ":Args:restrictedToMinimumLevel", _ => (string?)"Fatal"))
                .Build();
            await using var logger = new LoggerConfiguration().ReadFrom.Configuration(withoutConsole).CreateLogger();
            logger.Error("{Problem:l}", line);
        }
        catch (Exception logging) when (logging is InvalidOperationException or ArgumentException or IOException)
        {
            // A logging configuration too broken to log with: standard error has the line already.
            await error.WriteLineAsync($"(Journal indisponible : {logging.Message})");
        }

        return ExitCode;
    }
}
