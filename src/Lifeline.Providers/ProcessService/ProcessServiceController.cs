using System.Globalization;
using Lifeline.Providers.Files;

namespace Lifeline.Providers.ProcessService;

/// <summary>
/// Scales and inspects process services (the ECS stand-in): instance <c>i</c> of a service runs detached on
/// <c>Addresses[i]</c>:<c>Port</c>; PIDs live in the service directory so any later process can stop them.
/// </summary>
internal sealed partial class ProcessServiceController(TimeProvider time, HttpClient http)
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HealthPoll = TimeSpan.FromMilliseconds(100);

    public static string ServiceDirectory(string sandboxDirectory, string name) => Path.Combine(sandboxDirectory, "services", name);

    public static Task WriteDefinitionAsync(string sandboxDirectory, ServiceDefinition definition, CancellationToken cancellationToken) =>
        AtomicFile.WriteJsonAsync(Path.Combine(ServiceDirectory(sandboxDirectory, definition.Name), "service.json"), definition, cancellationToken);

    public static Task<ServiceDefinition?> ReadDefinitionAsync(string sandboxDirectory, string name, CancellationToken cancellationToken) =>
        AtomicFile.ReadJsonAsync<ServiceDefinition>(Path.Combine(ServiceDirectory(sandboxDirectory, name), "service.json"), cancellationToken);

    public static async Task<ServiceState> ReadStateAsync(string sandboxDirectory, string name, CancellationToken cancellationToken) =>
        await AtomicFile.ReadJsonAsync<ServiceState>(Path.Combine(ServiceDirectory(sandboxDirectory, name), "state.json"), cancellationToken) ?? ServiceState.Empty;

    private static Task WriteStateAsync(string sandboxDirectory, string name, ServiceState state, CancellationToken cancellationToken) =>
        AtomicFile.WriteJsonAsync(Path.Combine(ServiceDirectory(sandboxDirectory, name), "state.json"), state, cancellationToken);

    /// <summary>Every service defined under a sandbox directory.</summary>
    public static IReadOnlyList<string> ServiceNames(string sandboxDirectory)
    {
        var root = Path.Combine(sandboxDirectory, "services");
        return Directory.Exists(root)
            ? [.. Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "service.json"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)]
            : [];
    }

    public async Task<ServiceOutcome> ScaleAsync(
        string sandboxDirectory, string name, int count, IReadOnlyDictionary<string, string> extraEnvironment, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Two steps may scale one service at once (a plan's backend and frontend share the DR portal service), and
        // two processes may too: one scaler at a time, or both start the same instance.
        using var claim = await ServiceLock.AcquireAsync(Path.Combine(sandboxDirectory, "services", name, ".scale.lock"), time, cancellationToken);
        return await ScaleLockedAsync(sandboxDirectory, name, count, extraEnvironment, wait, cancellationToken);
    }

    private async Task<ServiceOutcome> ScaleLockedAsync(
        string sandboxDirectory, string name, int count, IReadOnlyDictionary<string, string> extraEnvironment, TimeSpan wait, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(sandboxDirectory, name, cancellationToken);
        if (definition is null)
        {
            return ServiceOutcome.Failed($"service {name} is not defined in {sandboxDirectory} (no services/{name}/service.json)");
        }

        if (count < 0 || count > definition.Addresses.Count)
        {
            return ServiceOutcome.Failed($"service {name} can run 0 to {definition.Addresses.Count} instances, not {count}");
        }

        var state = await ReadStateAsync(sandboxDirectory, name, cancellationToken);
        var live = await LiveAsync(sandboxDirectory, definition, state, cancellationToken);
        var target = definition.Addresses.Take(count).ToList();

        var surplus = live.Where(i => !target.Contains(i.Address)).ToList();
        await Task.WhenAll(surplus.Select(i => DetachedProcess.StopAsync(i.Pid, i.Marker, UnixSignal.Terminate, StopGrace, time, cancellationToken)));
        var kept = live.Except(surplus).ToList();

        var missing = target.Where(a => kept.All(i => i.Address != a)).ToList();
        var environment = new Dictionary<string, string>(definition.Environment, StringComparer.Ordinal);
        foreach (var (key, value) in extraEnvironment)
        {
            environment[key] = value;
        }

        var spawned = await Task.WhenAll(missing.Select(address => StartInstanceAsync(sandboxDirectory, definition, address, environment, cancellationToken)));
        var started = spawned.Where(s => s.Instance is not null).Select(s => s.Instance!).ToList();
        await WriteStateAsync(sandboxDirectory, name, new ServiceState(count, [.. kept, .. started]), cancellationToken);
        if (spawned.FirstOrDefault(s => s.Error is not null) is { Error: { } spawnError })
        {
            return ServiceOutcome.Failed(spawnError);
        }

        return await WaitHealthyAsync(definition, count, [.. kept, .. started], wait, cancellationToken);
    }

    /// <summary>Stops every instance of a service and records desired 0, without waiting for health.</summary>
    public async Task StopAllAsync(string sandboxDirectory, string name, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(sandboxDirectory, name, cancellationToken);
        var definition = await ReadDefinitionAsync(sandboxDirectory, name, cancellationToken);
        var live = definition is null ? [.. state.Instances] : await LiveAsync(sandboxDirectory, definition, state, cancellationToken);
        await Task.WhenAll(live.Select(i => DetachedProcess.StopAsync(i.Pid, i.Marker, UnixSignal.Terminate, StopGrace, time, cancellationToken)));
        await WriteStateAsync(sandboxDirectory, name, state with { Desired = 0, Instances = [] }, cancellationToken);
    }

    public async Task<ServiceOutcome> StatusAsync(string sandboxDirectory, string name, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(sandboxDirectory, name, cancellationToken);
        if (definition is null)
        {
            return ServiceOutcome.Failed($"service {name} is not defined in {sandboxDirectory} (no services/{name}/service.json)");
        }

        var state = await ReadStateAsync(sandboxDirectory, name, cancellationToken);
        var running = await LiveAsync(sandboxDirectory, definition, state, cancellationToken);
        var healthy = await Task.WhenAll(running.Select(async i => (i.Address, Healthy: await IsHealthyAsync(definition.HealthUrl(i.Address), cancellationToken))));
        return ServiceOutcome.Of(new ServiceReport(state.Desired, running, [.. healthy.Where(h => h.Healthy).Select(h => h.Address)]));
    }

    public async Task<bool> IsHealthyAsync(Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HealthTimeout);
        try
        {
            using var response = await http.GetAsync(url, timeout.Token);
            return (int)response.StatusCode == 200;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// The recorded instances still running, plus any instance whose launcher wrote its PID file but whose starter was
    /// killed before it recorded the instance (a CLI SIGKILLed mid-scale). Without adopting those, a later scale would
    /// start a second instance on the same address and <c>sandbox down</c> would leave the first one running.
    /// </summary>
    private async Task<List<ServiceInstance>> LiveAsync(string sandboxDirectory, ServiceDefinition definition, ServiceState state, CancellationToken cancellationToken)
    {
        var live = state.Instances.Where(i => DetachedProcess.IsOurs(i.Pid, i.Marker)).ToList();
        foreach (var address in definition.Addresses.Where(a => live.TrueForAll(i => i.Address != a)))
        {
            var pidFile = Path.Combine(ServiceDirectory(sandboxDirectory, definition.Name), $"{address}.pid");
            var marker = definition.MarkerFor(address);
            if (File.Exists(pidFile)
                && int.TryParse((await File.ReadAllTextAsync(pidFile, cancellationToken)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && DetachedProcess.IsOurs(pid, marker))
            {
                live.Add(new ServiceInstance(address, pid, marker, time.GetUtcNow()));
            }
        }

        return live;
    }

    private async Task<(ServiceInstance? Instance, string? Error)> StartInstanceAsync(
        string sandboxDirectory, ServiceDefinition definition, string address, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var serviceDirectory = ServiceDirectory(sandboxDirectory, definition.Name);
        var spec = new DetachedProcessSpec(
            definition.FileName,
            definition.ArgumentsFor(address),
            environment,
            Path.Combine(definition.LogDirectory, $"{definition.Name}-{address}.log"),
            Path.Combine(serviceDirectory, $"{address}.pid"),
            serviceDirectory,
            definition.RunAs);
        var result = await DetachedProcess.SpawnAsync(spec, time, cancellationToken);
        return result.Succeeded
            ? (new ServiceInstance(address, result.Pid, definition.MarkerFor(address), time.GetUtcNow()), null)
            : (null, $"service {definition.Name} instance on {address}: {result.Error}");
    }

    private async Task<ServiceOutcome> WaitHealthyAsync(
        ServiceDefinition definition, int count, IReadOnlyList<ServiceInstance> instances, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var checks = await Task.WhenAll(instances.Select(async i => (Instance: i, Healthy: await IsHealthyAsync(definition.HealthUrl(i.Address), cancellationToken))));
            var healthy = checks.Where(c => c.Healthy).Select(c => c.Instance.Address).ToList();
            if (healthy.Count >= count)
            {
                return ServiceOutcome.Of(new ServiceReport(count, instances, healthy));
            }

            var dead = checks.Where(c => !c.Healthy && !DetachedProcess.IsAlive(c.Instance.Pid)).Select(c => c.Instance).ToList();
            if (dead.Count > 0)
            {
                var log = Path.Combine(definition.LogDirectory, $"{definition.Name}-{dead[0].Address}.log");
                return ServiceOutcome.Failed(
                    $"service {definition.Name} instance on {dead[0].Address}:{definition.Port.ToString(CultureInfo.InvariantCulture)} exited before it was healthy: {LastLine(log)} (see {log})",
                    transient: true);
            }

            if (time.GetUtcNow() >= deadline)
            {
                var waiting = string.Join(", ", checks.Where(c => !c.Healthy).Select(c => c.Instance.Address));
                return ServiceOutcome.Failed(
                    $"service {definition.Name}: {healthy.Count} of {count} instances healthy after {wait.TotalSeconds:0} s; not answering {definition.HealthPath}: {waiting}",
                    transient: true);
            }

            await Task.Delay(HealthPoll, time, cancellationToken);
        }
    }

    private static string LastLine(string path)
    {
        try
        {
            return File.ReadLines(path).LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "no output";
        }
        catch (IOException)
        {
            return "no log";
        }
    }
}
