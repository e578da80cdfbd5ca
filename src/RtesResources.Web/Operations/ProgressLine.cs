using System.Globalization;

namespace RtesResources.Web.Operations;

/// <summary>
/// A long command's progress, one line on standard error at most every <c>interval</c>: nothing for a
/// command that ends sooner, and no flood when the output goes to a file or a pipe.
/// </summary>
public sealed class ProgressLine<T>(TextWriter error, TimeSpan interval, TimeProvider time, Func<T, string> format) : IProgress<T>
{
    private readonly long _start = time.GetTimestamp();
    private readonly Lock _lock = new();
    private TimeSpan? _next;

    public void Report(T value)
    {
        lock (_lock)
        {
            var elapsed = time.GetElapsedTime(_start);
            if (elapsed < (_next ?? interval))
            {
                return;
            }

            _next = elapsed + interval;
            error.WriteLine(format(value));
        }
    }
}

public static class ProgressLine
{
    /// <summary>A count with a space between thousands, as French writes it: "12 000".</summary>
    public static string Count(long value) =>
        value.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', ' ');
}
