using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary><c>lifeline serve</c> where it cannot listen: a user error, so one line and exit 2, never a stack trace.</summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lifeline-serve-" + Guid.NewGuid().ToString("N")[..8]);

    public ServeCommandTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Serve_OnAPortAlreadyInUse_PrintsOneLineNamingTheAddressAndExits2()
    {
        // Given a real listener holding a loopback port
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        // When lifeline serve is asked to listen there
        var stopwatch = Stopwatch.StartNew();
        var (exitCode, stdout, stderr) = await CliProcess.RunAsync(_directory, "serve", "--url", url, "--state", Path.Combine(_directory, "state.db"));

        // Then it says so in one line naming the address, with no stack trace, and exits 2 at once
        Assert.Equal(2, exitCode);
        var lines = stderr.Trim().Split('\n');
        Assert.True(lines.Length == 1, stderr);
        Assert.Equal($"lifeline: cannot listen on {url}: the address is already in use (another lifeline serve, or another program, is listening there)", lines[0].Trim());
        Assert.DoesNotContain("   at ", stdout + stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stdout + stderr, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMinutes(1), $"took {stopwatch.Elapsed}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
