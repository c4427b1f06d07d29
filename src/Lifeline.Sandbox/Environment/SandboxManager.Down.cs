using System.Diagnostics;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    private static readonly TimeSpan PortRelease = TimeSpan.FromSeconds(10);

    public async Task<SandboxResult<string>> DownAsync(string directory, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var root = Path.GetFullPath(directory);
        var state = await ReadStateAsync(root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<string>.Fail(NotASandbox(root));
        }

        // A partition left in place would outlive the sandbox and cut whatever next uses its addresses and ports.
        if (await SitePartition.RemoveTableAsync(SitePartition.TableName(root), cancellationToken) is { } nftError)
        {
            return SandboxResult<string>.Fail($"{nftError}; {root} kept");
        }

        var services = ProcessServiceController.ServiceNames(root);
        var instances = 0;
        foreach (var service in services)
        {
            instances += (await ProcessServiceController.ReadStateAsync(root, service, cancellationToken)).Instances.Count(i => DetachedProcess.IsOurs(i.Pid, i.Marker));
        }

        var running = state.Components.Where(c => DetachedProcess.IsOurs(c.Pid, c.Marker)).ToList();
        var restored = Kinds.PgBackRestKind.RestoredServers(state).ToList();
        var stops = services.Select(s => Services.StopAllAsync(root, s, cancellationToken))
            .Concat(restored.Select(r => DetachedProcess.StopAsync(r.Pid, r.DataDirectory, UnixSignal.Interrupt, TimeSpan.FromSeconds(10), time, cancellationToken)))
            .Concat(running.Select(c => DetachedProcess.StopAsync(c.Pid, c.Marker, StopSignal(c), TimeSpan.FromSeconds(10), time, cancellationToken)));
        await Task.WhenAll(stops);

        var survivors = state.Components.Where(c => DetachedProcess.IsOurs(c.Pid, c.Marker)).Select(c => $"{c.Name} (pid {c.Pid})").ToList();
        if (survivors.Count > 0)
        {
            return SandboxResult<string>.Fail($"still running after SIGKILL: {string.Join(", ", survivors)}; {root} kept");
        }

        var ports = state.Components.Select(c => c.Port).Concat(state.Ports.Values).Distinct().ToList();
        var deadline = time.GetUtcNow() + PortRelease;
        while (ports.Where(FreePorts.IsListening).ToList() is { Count: > 0 } bound)
        {
            if (time.GetUtcNow() >= deadline)
            {
                return SandboxResult<string>.Fail($"port {bound[0]} is still bound {PortRelease.TotalSeconds:0} s after stopping the sandbox; {root} kept");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        Directory.Delete(root, recursive: true);
        return SandboxResult<string>.Ok($"stopped {running.Count + restored.Count} servers and {instances} service instances, ports free, removed {root} ({clock.Elapsed.TotalSeconds:0.0} s)");
    }
}
