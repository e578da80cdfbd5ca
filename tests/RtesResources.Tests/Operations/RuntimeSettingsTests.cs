using System.Text.Json;

namespace RtesResources.Tests.Operations;

/// <summary>
/// The garbage collector settings the site ships with (docs/performance.md): a misspelt MSBuild
/// property once left server GC on without anyone noticing, and the benchmark's peak memory with it.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void TheSiteRunsWorkstationGcThatGivesMemoryBack()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "RtesResources.Web.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.Equal(7, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
