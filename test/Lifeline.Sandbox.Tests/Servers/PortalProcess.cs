using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Lifeline.Sandbox.Tests.Servers;

/// <summary>A real <c>dotnet lifeline-portal.dll</c> process on loopback, as the sandbox runs it.</summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _secretFile;

    private PortalProcess(Process process, string secretFile, Uri baseAddress)
    {
        _process = process;
        _secretFile = secretFile;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>From process start to the first 200 from /health.</summary>
    public TimeSpan StartupTime { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static async Task<PortalProcess> StartAsync(PostgresCluster cluster, string database, string site = "primary", string address = "127.0.0.1", int? port = null)
    {
        var secretFile = Path.Combine(Path.GetTempPath(), $"lifeline-portal-secret-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(secretFile, JsonSerializer.Serialize(new
        {
            username = "postgres", password = "unused-with-trust", engine = "postgres", host = "127.0.0.1", port = cluster.Port, dbname = database,
        }));
        var baseAddress = new Uri($"http://{address}:{port ?? FreePort.Tcp()}");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "lifeline-portal.dll"), "--urls", baseAddress.ToString().TrimEnd('/') },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { ["PORTAL_DB_SECRET_FILE"] = secretFile, ["PORTAL_SITE"] = site },
        };
        var stopwatch = Stopwatch.StartNew();
        var portal = new PortalProcess(Process.Start(info)!, secretFile, baseAddress);
        portal._process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        portal._process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(1) };
        while (stopwatch.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (portal._process.HasExited)
                throw new InvalidOperationException($"lifeline-portal exited with {portal._process.ExitCode}: {portal.Output}");
            try
            {
                if ((await http.GetAsync(new Uri("/health", UriKind.Relative))).IsSuccessStatusCode)
                {
                    portal.StartupTime = stopwatch.Elapsed;
                    return portal;
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

        await portal.DisposeAsync();
        throw new TimeoutException($"lifeline-portal did not answer /health within 30 s: {portal.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_secretFile);
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
