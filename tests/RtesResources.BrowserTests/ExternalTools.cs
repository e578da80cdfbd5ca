namespace RtesResources.BrowserTests;

/// <summary>
/// The programs these tests drive, which are not NuGet packages: Debian's Chromium and the W3C Nu
/// checker (npm's vnu-jar, run by Java). On a developer machine without them the tests are skipped
/// with the reason; in CI (CI=true), where .ci/run installs them, a missing tool fails the test instead.
/// </summary>
public static class ExternalTools
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool HasChromium => File.Exists(ChromiumPath);

    /// <summary>vnu.jar from VNU_JAR, else from the .tools folder that .ci/run fills with npm.</summary>
    public static string? NuCheckerJar
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("VNU_JAR");
            if (!string.IsNullOrEmpty(configured))
            {
                return File.Exists(configured) ? configured : null;
            }

            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                var jar = Path.Combine(folder.FullName, ".tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
                if (File.Exists(jar))
                {
                    return jar;
                }
            }

            return null;
        }
    }

    public static string? SkipUnless(bool available, string reason) => available || InCi ? null : reason;
}

/// <summary>A test that drives Chromium: skipped on a machine without it, except in CI.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute() =>
        Skip = ExternalTools.SkipUnless(ExternalTools.HasChromium, $"Chromium is not installed at {ExternalTools.ChromiumPath} (apt-get install -y chromium).");
}

/// <summary>A theory that drives Chromium: skipped on a machine without it, except in CI.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute() =>
        Skip = ExternalTools.SkipUnless(ExternalTools.HasChromium, $"Chromium is not installed at {ExternalTools.ChromiumPath} (apt-get install -y chromium).");
}

/// <summary>A test that runs the W3C Nu checker: skipped on a machine without it, except in CI.</summary>
public sealed class NuCheckerFactAttribute : FactAttribute
{
    public NuCheckerFactAttribute() =>
        Skip = ExternalTools.SkipUnless(ExternalTools.NuCheckerJar is not null, "The Nu checker is not installed (npm install --prefix .tools vnu-jar, and Java).");
}
