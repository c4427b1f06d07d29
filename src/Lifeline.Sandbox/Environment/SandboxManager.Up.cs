using System.Diagnostics;
using System.Globalization;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    /// <summary>Names a component cannot have: they are the sandbox's own directories.</summary>
    private static readonly string[] Reserved = ["logs", "run", "home", "services", "sandbox.json", "sandbox.env"];

    public async Task<SandboxResult<SandboxState>> UpAsync(SandboxOptions options, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var layout = new SandboxLayout(Path.GetFullPath(options.Directory));
        if (File.Exists(layout.StateFile))
        {
            return await ResumeAsync(layout, progress, cancellationToken);
        }

        if (Directory.Exists(layout.Root) && Directory.EnumerateFileSystemEntries(layout.Root).Any())
        {
            return SandboxResult<SandboxState>.Fail($"directory {layout.Root} is not a sandbox (no sandbox.json) and not empty");
        }

        if (options.Instances is < 0 or > Core.PlanFiles.SandboxLimits.MaximumInstances)
        {
            return SandboxResult<SandboxState>.Fail($"instances must be 0 to {Core.PlanFiles.SandboxLimits.MaximumInstances}, not {options.Instances}");
        }

        if (CheckTopology(options.Topology) is { } topologyError)
        {
            return SandboxResult<SandboxState>.Fail(topologyError);
        }

        var portalDll = Path.GetFullPath(PortalLocator.Dll(options.PortalDll));
        if (options.Topology.Components.Any(c => AppService.RunsApp(SandboxKindRegistry.Get(c.Kind))) && !File.Exists(portalDll))
        {
            return SandboxResult<SandboxState>.Fail($"portal not found at {portalDll}; build src/Lifeline.Sandbox.Portal or set LIFELINE_PORTAL_DLL");
        }

        if (await SandboxPrerequisites.EnsurePackagesAsync(progress, cancellationToken) is { } packageError)
        {
            return SandboxResult<SandboxState>.Fail(packageError);
        }

        var (runAs, userError) = await SandboxPrerequisites.EnsureUserAsync(progress, cancellationToken);
        if (userError is not null)
        {
            return SandboxResult<SandboxState>.Fail(userError);
        }

        var ports = PickPorts(options, out var portError);
        if (ports is null)
        {
            return SandboxResult<SandboxState>.Fail(portError!);
        }

        var createdRoot = !Directory.Exists(layout.Root);
        var started = new List<SandboxComponent>();
        try
        {
            var result = await BuildAsync(layout, options, ports, runAs, portalDll, started, progress, cancellationToken);
            if (!result.Succeeded)
            {
                progress.Report($"up failed: {result.Error}; stopping what was started");
                await RollbackAsync(layout, started, createdRoot);
            }

            return result;
        }
        catch
        {
            await RollbackAsync(layout, started, createdRoot);
            throw;
        }
    }

    /// <summary>What the estate reader cannot see alone: names a kind refers to that must be of another kind, reserved names.</summary>
    private static string? CheckTopology(SandboxTopology topology)
    {
        if (topology.Sites.Count == 0)
        {
            return $"{topology.Location}: the sandbox has no sites; expected sites: [<estate site>, ...]";
        }

        if (topology.Components.FirstOrDefault(c => Reserved.Contains(c.Name)) is { } reserved)
        {
            return $"{reserved.Location}: sandbox component name '{reserved.Name}' is reserved; expected any name but {string.Join(", ", Reserved)}";
        }

        return topology.Components.Select(c => SandboxKindRegistry.Get(c.Kind).Check(c, topology)).FirstOrDefault(e => e is not null);
    }

    private async Task<SandboxResult<SandboxState>> BuildAsync(
        SandboxLayout layout, SandboxOptions options, IReadOnlyDictionary<string, int> ports, RunAsUser? runAs, string portalDll,
        List<SandboxComponent> started, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        void Report(string line) => progress.Report($"[{clock.Elapsed.TotalSeconds,5:0.0}s] {line}");

        Directory.CreateDirectory(layout.Root);
        foreach (var directory in (string[])[layout.Logs, layout.Run, layout.Home, layout.Secrets, Path.Combine(layout.Root, "services")])
        {
            Directory.CreateDirectory(directory);
            DetachedProcess.GiveTo(directory, runAs);
        }

        Report($"ports: {string.Join(", ", ports.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value.ToString(CultureInfo.InvariantCulture)}"))}");
        var outer = cancellationToken;
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cancellationToken = abandon.Token;
        var build = new SandboxBuild(layout, options, runAs, time, ports, portalDll, Services, started, Report);
        foreach (var component in options.Topology.Components)
        {
            if (await SandboxKindRegistry.Get(component.Kind).PrepareAsync(build, component, cancellationToken) is { } prepareError)
            {
                return SandboxResult<SandboxState>.Fail(prepareError);
            }
        }

        // The first part to fail stops the others, so a failed up is undone quickly.
        async Task<string?> PartAsync(SandboxComponentSpec component)
        {
            try
            {
                var error = await SandboxKindRegistry.Get(component.Kind).StartAsync(build, component, cancellationToken);
                if (error is not null)
                {
                    await abandon.CancelAsync();
                }

                return error;
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested && !outer.IsCancellationRequested)
            {
                return null;
            }
        }

        var errors = await Task.WhenAll(options.Topology.Components.Select(PartAsync));
        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            return SandboxResult<SandboxState>.Fail(error);
        }

        outer.ThrowIfCancellationRequested();
        var state = new SandboxState(
            layout.Root,
            time.GetUtcNow(),
            runAs,
            options.Sync,
            options.Topology,
            ports,
            build.ServiceNames,
            [.. started.OrderBy(c => c.Name, StringComparer.Ordinal)]);
        await WriteStateAsync(state, cancellationToken);
        Report($"sandbox up in {layout.Root}");
        return SandboxResult<SandboxState>.Ok(state);
    }

    /// <summary>A second <c>up</c>: report a healthy sandbox, or start again whatever of it died.</summary>
    private async Task<SandboxResult<SandboxState>> ResumeAsync(SandboxLayout layout, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(layout.Root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<SandboxState>.Fail($"{layout.StateFile} is empty or unreadable");
        }

        var components = new List<SandboxComponent>();
        foreach (var component in state.Components)
        {
            if (DetachedProcess.IsOurs(component.Pid, component.Marker))
            {
                components.Add(component);
                continue;
            }

            if (component.Kind == PostgresKind.Name && await PromotedBesideAsync(state, component, cancellationToken) is { } promoted)
            {
                // Never make a disaster worse: the old primary coming back writable beside a promoted replica is split brain.
                progress.Report($"{component.Name} stays down: {promoted} has been promoted, so restarting the old primary would make a second writable primary");
                components.Add(component);
                continue;
            }

            progress.Report($"{component.Name} (pid {component.Pid}) is not running; starting it again");
            if (component.Kind == PostgresKind.Name)
            {
                await ClearStalePostmasterAsync(component, cancellationToken);
            }

            var spawn = await DetachedProcess.SpawnAsync(component.Launch, time, cancellationToken);
            if (!spawn.Succeeded)
            {
                return SandboxResult<SandboxState>.Fail(spawn.Error!);
            }

            var restarted = component with { Pid = spawn.Pid };
            components.Add(restarted);
            var error = await SandboxKindRegistry.Get(restarted.Kind).WaitReadyAsync(state, restarted, time, cancellationToken);
            if (error is not null)
            {
                await WriteStateAsync(state with { Components = components.Concat(state.Components.Skip(components.Count)).ToList() }, cancellationToken);
                return SandboxResult<SandboxState>.Fail(error);
            }
        }

        state = state with { Components = components };
        await WriteStateAsync(state, cancellationToken);
        foreach (var service in state.Services)
        {
            var desired = (await ProcessServiceController.ReadStateAsync(layout.Root, service, cancellationToken)).Desired;
            var outcome = await Services.ScaleAsync(layout.Root, service, desired, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), cancellationToken);
            if (outcome.Error is { } error)
            {
                return SandboxResult<SandboxState>.Fail(error);
            }
        }

        progress.Report($"sandbox in {layout.Root} is up");
        return SandboxResult<SandboxState>.Ok(state);
    }

    /// <summary>
    /// A SIGKILLed postmaster stays a zombie until something reaps it, and PostgreSQL refuses to start while
    /// postmaster.pid names a PID that kill(0) still finds. Once the old postmaster is dead (zombie or gone), its pid file is stale.
    /// </summary>
    private async Task ClearStalePostmasterAsync(SandboxComponent component, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (Directory.Exists($"/proc/{component.Pid}") && time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
        }

        var pidFile = Path.Combine(component.Marker, "postmaster.pid");
        if (File.Exists(pidFile)
            && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var recorded)
            && recorded == component.Pid
            && !DetachedProcess.IsAlive(recorded))
        {
            File.Delete(pidFile);
        }
    }

    private async Task RollbackAsync(SandboxLayout layout, List<SandboxComponent> started, bool createdRoot)
    {
        List<SandboxComponent> components;
        lock (started)
        {
            components = [.. started];
        }

        var services = ProcessServiceController.ServiceNames(layout.Root);
        await Task.WhenAll(services.Select(s => Services.StopAllAsync(layout.Root, s, CancellationToken.None)));
        await Task.WhenAll(components.Select(c => DetachedProcess.StopAsync(c.Pid, c.Marker, StopSignal(c), TimeSpan.FromSeconds(5), time, CancellationToken.None)));
        if (createdRoot)
        {
            Directory.Delete(layout.Root, recursive: true);
        }
        else if (Directory.Exists(layout.Root))
        {
            foreach (var entry in new DirectoryInfo(layout.Root).EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo directory)
                {
                    directory.Delete(recursive: true);
                }
                else
                {
                    entry.Delete();
                }
            }
        }
    }

    private static IReadOnlyDictionary<string, int>? PickPorts(SandboxOptions options, out string? error)
    {
        error = null;
        var needs = options.Topology.Components.SelectMany(c => SandboxKindRegistry.Get(c.Kind).Ports(c, options.Topology)).ToList();
        if (options.Ports.Keys.FirstOrDefault(k => needs.All(n => n.Name != k)) is { } unknown)
        {
            error = $"no port named '{unknown}' in this topology; expected one of: {string.Join(", ", needs.Select(n => n.Name))}";
            return null;
        }

        var taken = new HashSet<int>();
        foreach (var need in needs)
        {
            if (!options.Ports.TryGetValue(need.Name, out var given))
            {
                continue;
            }

            if (given is < 1 or > 65535 || !taken.Add(given))
            {
                error = $"port {given} is not a usable port (1-65535, each used once)";
                return null;
            }

            if (need.Addresses.FirstOrDefault(a => !FreePorts.IsFree(a, given, need.Udp)) is { } busy)
            {
                error = $"port {given} on {busy} is taken";
                return null;
            }
        }

        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var need in needs)
        {
            ports[need.Name] = options.Ports.TryGetValue(need.Name, out var given) ? given : FreePorts.Pick(need.Addresses, taken, need.Udp);
        }

        return ports;
    }

    /// <summary>The member of <paramref name="component"/>'s cluster that is a writable primary now, when the component is not the original primary; else null.</summary>
    private static async Task<string?> PromotedBesideAsync(SandboxState state, SandboxComponent component, CancellationToken cancellationToken)
    {
        var cluster = PostgresKind.ComponentOf(state, component.Name);
        if (PostgresKind.MemberOf(cluster, component.Name).ReplicaOf is not null)
        {
            return null;
        }

        var superuser = SandboxEnvironment.ReadSecret(PostgresKind.SuperuserPasswordFile(new SandboxLayout(state.Directory), cluster.Name));
        foreach (var replica in cluster.Replicas)
        {
            var process = state.FindComponent(PostgresKind.Process(cluster, replica));
            if (process is not null && DetachedProcess.IsOurs(process.Pid, process.Marker)
                && await PostgresKind.InRecoveryAsync(process.Port, superuser, cancellationToken) is (true, false, _))
            {
                return process.Name;
            }
        }

        return null;
    }
}
