using System.Net;
using System.Net.Sockets;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Environment;

public sealed class SandboxLifecycleTests(ITestOutputHelper output)
{
    private readonly SandboxManager _manager = new(TimeProvider.System);

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), $"lifeline-test-{Guid.NewGuid():N}"[..28]);

    [Fact]
    public async Task DownAsync_AfterUp_NoPidAliveNoPortBoundDirectoryGone()
    {
        // Given a sandbox that is up
        var directory = NewDirectory();
        var clock = TimeProvider.System.GetTimestamp();
        var up = await _manager.UpAsync(new SandboxOptions(directory, Topologies.Axis), new Progress<string>(), CancellationToken.None);
        output.WriteLine($"up: {TimeProvider.System.GetElapsedTime(clock).TotalSeconds:0.0} s");
        Assert.True(up.Succeeded, up.Error);
        var services = await ProcessServiceController.ReadStateAsync(directory, "portal-primary", CancellationToken.None);
        var pids = up.Value!.Components.Select(c => c.Pid).Concat(services.Instances.Select(i => i.Pid)).ToList();
        var ports = up.Value.Components.Select(c => c.Port).Concat(up.Value.Ports.Values).Distinct().ToList();

        // When it is brought down
        clock = TimeProvider.System.GetTimestamp();
        var down = await _manager.DownAsync(directory, CancellationToken.None);
        output.WriteLine($"down: {TimeProvider.System.GetElapsedTime(clock).TotalSeconds:0.0} s; {down.Value}");

        // Then nothing it recorded is alive or listening, and its directory is gone (asserted after down, so a failure
        // never leaves the sandbox running): three PostgreSQL servers, PowerDNS, an S3 store per site, two portal instances
        Assert.Equal(8, pids.Count);
        Assert.True(down.Succeeded, down.Error);
        Assert.DoesNotContain(pids, DetachedProcess.IsAlive);
        Assert.DoesNotContain(ports, FreePorts.IsListening);
        Assert.False(Directory.Exists(directory));
        Assert.Empty(Processes.Mentioning(directory));
    }

    [Fact]
    public async Task UpAsync_TakenPort_OneClearMessageAndNothingStarted()
    {
        // Given a port someone else listens on
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var directory = NewDirectory();

        // When the sandbox is asked to use it
        var up = await _manager.UpAsync(new SandboxOptions(directory, Topologies.Axis) { Ports = new Dictionary<string, int> { ["pg-standby"] = port } }, new Progress<string>(), CancellationToken.None);

        // Then one line names the port, and nothing was started or created
        Assert.Equal($"port {port} on 127.0.0.1 is taken", up.Error);
        Assert.False(Directory.Exists(directory));
        Assert.Empty(Processes.Mentioning(directory));
    }

    [Fact]
    public async Task UpAsync_NonEmptyDirectoryWithoutState_RefusedAndUntouched()
    {
        var directory = NewDirectory();
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "notes.txt"), "mine");
        try
        {
            var up = await _manager.UpAsync(new SandboxOptions(directory, Topologies.Axis), new Progress<string>(), CancellationToken.None);
            var down = await _manager.DownAsync(directory, CancellationToken.None);

            Assert.Equal($"directory {directory} is not a sandbox (no sandbox.json) and not empty", up.Error);
            Assert.Equal($"directory {directory} is not a sandbox (no sandbox.json)", down.Error);
            Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(directory, "notes.txt")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task UpAsync_PortalExitsAtStart_StopsEverythingItStarted()
    {
        // Given a portal "dll" that dotnet cannot run
        var directory = NewDirectory();
        var bogus = Path.Combine(Path.GetTempPath(), $"bogus-portal-{Guid.NewGuid():N}.dll");
        await File.WriteAllTextAsync(bogus, "not an assembly");
        try
        {
            // When up runs (databases and DNS start before the portal is found dead)
            var up = await _manager.UpAsync(new SandboxOptions(directory, Topologies.Axis) { PortalDll = bogus }, new Progress<string>(output.WriteLine), CancellationToken.None);

            // Then it fails with one line, and whatever it started is stopped and its directory removed
            Assert.False(up.Succeeded);
            output.WriteLine(up.Error);
            Assert.Contains("portal-primary instance on 127.0.1.1", up.Error, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', up.Error!);
            Assert.Empty(Processes.Mentioning(directory));
            Assert.Empty(Processes.Mentioning(bogus));
            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            File.Delete(bogus);
        }
    }
}
