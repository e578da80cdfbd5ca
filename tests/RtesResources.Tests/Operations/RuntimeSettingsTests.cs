using System.Text.Json;

namespace RtesResources.Tests.Operations;

/// <summary>
/// The garbage collector settings the site ships with, as docs/performance.md measured them: a
/// misspelt MSBuild property once said workstation GC while the site ran server GC, unnoticed.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheSiteRunsTheGcItsBenchmarkChose()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RtesResources.Web.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(7, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
