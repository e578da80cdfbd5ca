namespace RtesResources.Web.Infrastructure;

/// <summary>
/// What the console shows of the logs. The site logs as configured (Serilog section); a command shows
/// warnings and errors only, on standard error, unless --verbose asks for information logs and EF Core's
/// SQL too. The log files keep their configured levels either way.
/// </summary>
public static class ConsoleLogging
{
    /// <summary>The configuration paths of the Console sinks in Serilog:WriteTo, wrapped in Async or not.</summary>
    public static IEnumerable<string> ConsoleSinkPaths(IConfiguration configuration)
    {
        foreach (var sink in configuration.GetSection("Serilog:WriteTo").GetChildren())
        {
            if (sink["Name"] == "Console")
            {
                yield return sink.Path;
            }

            foreach (var wrapped in sink.GetSection("Args:configure").GetChildren().Where(w => w["Name"] == "Console"))
            {
                yield return wrapped.Path;
            }
        }
    }

    /// <summary>Settings that make a command's console quiet (or, verbose, show information and SQL).</summary>
    public static Dictionary<string, string?> ForCommand(IConfiguration configuration, bool verbose)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in ConsoleSinkPaths(configuration))
        {
            settings[path + ":Args:restrictedToMinimumLevel"] = verbose ? "Verbose" : "Warning";
            // Standard output is the command's result, for scripts to read: every log line goes to standard error.
            settings[path + ":Args:standardErrorFromLevel"] = "Verbose";
        }

        if (verbose)
        {
            settings["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        }

        return settings;
    }
}
