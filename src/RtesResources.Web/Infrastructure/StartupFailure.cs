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
        (exception is OptionsValidationException or InvalidConfigurationException || BindingError(exception) is not null)
        && System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    public static string Describe(Exception exception)
    {
        IEnumerable<string> problems = exception is OptionsValidationException validation ? validation.Failures
            : BindingError(exception) is { } binding ? [binding]
            : [exception.Message];
        return "Configuration invalide : " + string.Join(" ; ", problems.Select(p => p.Trim().TrimEnd('.'))) + ".";
    }

    // The configuration binder's message (its wording since .NET 8, with or without the value).
    private static readonly System.Text.RegularExpressions.Regex FailedBinding = new(
        "^Failed to convert configuration value (?:'.*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'",
        System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>
    /// A value the configuration binder could not convert ("abc" for a number), in French, naming the
    /// key and what it expects. The value itself is not repeated: it may be a secret.
    /// </summary>
    internal static string? BindingError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is InvalidOperationException && FailedBinding.Match(current.Message) is { Success: true } match)
            {
                return $"{match.Groups["key"].Value} doit être {Expected(match.Groups["type"].Value)}";
            }
        }

        return null;
    }

    private static string Expected(string typeName) => typeName switch
    {
        "System.Int32" or "System.Int64" or "System.Int16" or "System.Byte" => "un nombre entier",
        "System.Double" or "System.Single" or "System.Decimal" => "un nombre",
        "System.Boolean" => "true ou false",
        "System.TimeSpan" => "une durée au format hh:mm:ss",
        "System.DateTime" or "System.DateTimeOffset" or "System.DateOnly" => "une date",
        "System.Uri" => "une adresse",
        _ when typeof(StartupFailure).Assembly.GetType(typeName) is { IsEnum: true } enumType => "l'une des valeurs " + string.Join(", ", Enum.GetNames(enumType)),
        _ => $"une valeur de type {typeName}",
    };

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
