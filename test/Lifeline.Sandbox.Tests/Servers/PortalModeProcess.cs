using System.Diagnostics;
using System.Text;

namespace Lifeline.Sandbox.Tests.Servers;

/// <summary>
/// A real <c>dotnet lifeline-portal.dll</c> process in one of its modes (PORTAL_MODE and the mode's settings given), on a
/// loopback port, ready once <c>health</c> answers 200. Start it again with the same settings to restart it.
/// </summary>
internal sealed class PortalModeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalModeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>From process start to the first 200 from the health path.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<PortalModeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string health, int? port = null, string address = "127.0.0.1")
    {
        var baseAddress = new Uri($"http://{address}:{port ?? FreePort.Tcp()}");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "lifeline-portal.dll"), "--urls", baseAddress.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var stopwatch = Stopwatch.StartNew();
        var started = new PortalModeProcess(Process.Start(info)!, baseAddress);
        started._process.OutputDataReceived += (_, e) => started.Append(e.Data);
        started._process.ErrorDataReceived += (_, e) => started.Append(e.Data);
        started._process.BeginOutputReadLine();
        started._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(1) };
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (started._process.HasExited)
                throw new InvalidOperationException($"lifeline-portal exited with {started._process.ExitCode}: {started.Output}");
            try
            {
                if ((await http.GetAsync(new Uri(health, UriKind.Relative))).IsSuccessStatusCode)
                {
                    started.StartupTime = stopwatch.Elapsed;
                    return started;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25);
        }

        await started.DisposeAsync();
        throw new TimeoutException($"lifeline-portal did not answer {health} within 30 s: {started.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
