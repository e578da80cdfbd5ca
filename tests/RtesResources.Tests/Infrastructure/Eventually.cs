namespace RtesResources.Tests.Infrastructure;

/// <summary>
/// Waits for what a background loop of the app does by itself (a worker, another instance's poll):
/// checks the condition until it holds or the deadline passes, and returns its last value.
/// Tests that can drive the work themselves (RunOnceAsync, ApplySearchChangesAsync) do that instead.
/// </summary>
public static class Eventually
{
    // every: how often to read again; 100 ms unless a state that lasts only briefly must be caught.
    public static async Task<T> ValueAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan? every = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
            value = await read();
        }

        return value;
    }
}
