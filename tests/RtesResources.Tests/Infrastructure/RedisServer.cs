using System.Diagnostics;
using System.Net.Sockets;

namespace RtesResources.Tests.Infrastructure;

/// <summary>
/// A real redis-server (Debian's package) on a free 127.0.0.1 port, without persistence, for the tests
/// of instances that share Redis. On a machine without it those tests are skipped with the reason; in
/// CI (CI=true), where .ci/run installs it, the missing program fails them instead.
/// </summary>
public sealed class RedisServer : IDisposable
{
    private readonly Process? _process;

    public RedisServer()
    {
        var program = Program;
        if (program is null)
        {
            // Only reached in CI or when the test was not skipped: say what is missing.
            throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server; .ci/run installs it).");
        }

        Port = LoopbackPorts.Free();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    /// <summary>The site's Redis:Configuration for this server.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    private static readonly string[] Locations = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    public static string? Program => Locations.FirstOrDefault(File.Exists);

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stops the server (a test of Redis going away); Dispose does it too.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", Port);
                using var stream = client.GetStream();
                stream.Write("PING\r\n"u8);
                var buffer = new byte[7];
                var read = stream.Read(buffer);
                if (read > 0 && buffer[0] == (byte)'+')
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process!.HasExited)
            {
            }
            catch (IOException) when (DateTime.UtcNow < deadline && !_process!.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || _process!.HasExited)
            {
                throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{Port}.");
            }

            Thread.Sleep(50);
        }
    }
}

/// <summary>A test that needs redis-server: skipped on a machine without it, except in CI.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Program is null && !RedisServer.InCi)
        {
            Skip = "redis-server is not installed (apt-get install -y redis-server).";
        }
    }
}
