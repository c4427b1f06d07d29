using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public const string KillSite = "kill-site";
    public const string Kill = "kill";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Zombie = "zombie";

    /// <summary>
    /// Faults addressed by site (kill-site, partition-site) or by resource (kill, pause, resume, zombie: a process such as
    /// pg-primary, a member's estate resource such as db-primary, a process service, or a component). The older names
    /// (primary-site, primary-db, …) mean the same for the first database's primary member and its site.
    /// </summary>
    public static readonly IReadOnlyList<string> Faults =
        [KillSite, Kill, Pause, Resume, Zombie, PartitionFault, "primary-site", "primary-db", "primary-portal", "pause-primary-db", "resume-primary-db", "zombie-primary",
         DeleteRows, DeployBroken, Breach, UpstreamDown, UpstreamUp, LeakCredential, RestoreSite];

    public Task<SandboxResult<string>> FaultAsync(string directory, string fault, CancellationToken cancellationToken) =>
        FaultAsync(directory, fault, null, cancellationToken);

    /// <summary>Injects a failure. Only processes the sandbox recorded are signalled.</summary>
    public async Task<SandboxResult<string>> FaultAsync(string directory, string fault, string? target, CancellationToken cancellationToken)
    {
        if (!Faults.Contains(fault))
        {
            return SandboxResult<string>.Fail($"unknown fault '{fault}'; valid faults: {string.Join(", ", Faults)}");
        }

        var root = Path.GetFullPath(directory);
        var state = await ReadStateAsync(root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<string>.Fail(NotASandbox(root));
        }

        if (fault == PartitionFault)
        {
            return await PartitionSiteAsync(directory, target, cancellationToken);
        }

        if (fault == DeleteRows)
        {
            return await DeleteRowsAsync(state, target, cancellationToken);
        }

        if (fault == LeakCredential)
        {
            return await LeakCredentialAsync(state, target, cancellationToken);
        }

        if (fault == DeployBroken)
        {
            return await DeployBrokenAsync(root, state, target, cancellationToken);
        }

        if (fault == Breach)
        {
            return await BreachAsync(root, state, target, cancellationToken);
        }

        if (fault is UpstreamDown or UpstreamUp)
        {
            return await UpstreamOutageAsync(state, fault, target, cancellationToken);
        }

        if (fault == RestoreSite)
        {
            return await RestoreSiteAsync(state, target, cancellationToken);
        }

        var first = FirstPrimary(state);
        (fault, target) = fault switch
        {
            "primary-site" => (KillSite, first?.Site),
            "primary-db" => (Kill, first?.Process),
            "primary-portal" => ("kill-site-services", first?.Site),
            "pause-primary-db" => (Pause, first?.Process),
            "resume-primary-db" => (Resume, first?.Process),
            "zombie-primary" => (Zombie, first?.Process),
            _ => (fault, target),
        };
        if (string.IsNullOrEmpty(target))
        {
            return SandboxResult<string>.Fail(fault is KillSite
                ? $"{fault} needs a site; expected one of: {string.Join(", ", state.Topology.Sites)}"
                : $"{fault} needs a resource; expected one of: {string.Join(", ", Targets(state))}");
        }

        var done = new List<string>();
        if (fault is KillSite or "kill-site-services")
        {
            if (!state.Topology.Sites.Contains(target))
            {
                return SandboxResult<string>.Fail($"'{target}' is not a site of this sandbox; expected one of: {string.Join(", ", state.Topology.Sites)}");
            }

            if (fault == KillSite)
            {
                done.AddRange(state.Components.Where(c => c.Site == target).Select(KillProcess));
            }

            foreach (var service in await ServicesInAsync(root, state, target, cancellationToken))
            {
                done.Add(await KillServiceAsync(root, service, cancellationToken));
            }

            return SandboxResult<string>.Ok($"{fault} {target}: {(done.Count == 0 ? "nothing runs there" : string.Join("; ", done))}");
        }

        var process = Resolve(state, target);
        if (process is null && !state.Services.Contains(target) && state.Topology.Find(target) is not { Instances.Count: > 0 })
        {
            return SandboxResult<string>.Fail($"'{target}' is not a resource of this sandbox; expected one of: {string.Join(", ", Targets(state))}");
        }

        switch (fault)
        {
            case Kill when process is not null:
                done.Add(KillProcess(process));
                break;
            case Kill:
                foreach (var service in state.Services.Where(s => s == target || s.StartsWith(target + "-", StringComparison.Ordinal)))
                {
                    done.Add(await KillServiceAsync(root, service, cancellationToken));
                }

                break;
            case Zombie when process is { Kind: PostgresKind.Name }:
                var (zombie, message) = await RestartOldPrimaryAsync(state, process, cancellationToken);
                if (zombie is null)
                {
                    return SandboxResult<string>.Fail(message);
                }

                done.Add(message);
                break;
            case Pause or Resume when process is not null:
                done.Add(SignalTree(process, fault == Pause ? UnixSignal.Stop : UnixSignal.Continue, fault == Pause ? "paused" : "resumed"));
                break;
            default:
                return SandboxResult<string>.Fail($"{fault} needs a server process (a database member); '{target}' is not one");
        }

        return SandboxResult<string>.Ok($"{fault} {target}: {string.Join("; ", done)}");
    }

    /// <summary>The first database's primary member: what the older fault names mean by "primary".</summary>
    private static (string Process, string Site)? FirstPrimary(SandboxState state) =>
        state.Topology.OfKind(PostgresKind.Name).FirstOrDefault() is { Primary: { } member } component
            ? (PostgresKind.Process(component, member), member.Site)
            : null;

    private static SandboxComponent? Resolve(SandboxState state, string target)
    {
        if (state.FindComponent(target) is { } process)
        {
            return process;
        }

        foreach (var component in state.Topology.OfKind(PostgresKind.Name))
        {
            if (component.Members.FirstOrDefault(m => m.Resource == target) is { } member)
            {
                return state.FindComponent(PostgresKind.Process(component, member));
            }
        }

        return null;
    }

    private static IEnumerable<string> Targets(SandboxState state) =>
        state.Components.Select(c => c.Name)
            .Concat(state.Topology.Components.SelectMany(c => c.Members).Select(m => m.Resource).OfType<string>())
            .Concat(state.Services)
            .Order(StringComparer.Ordinal);

    private static async Task<IReadOnlyList<string>> ServicesInAsync(string root, SandboxState state, string site, CancellationToken cancellationToken)
    {
        var services = new List<string>();
        foreach (var service in state.Services)
        {
            if (await ProcessServiceController.ReadDefinitionAsync(root, service, cancellationToken) is { } definition && definition.Site == site)
            {
                services.Add(service);
            }
        }

        return services;
    }

    /// <summary>
    /// The split-brain fault: the old primary comes back as it was, writable, whatever happened since (a demote fence's
    /// standby.signal included). <c>up</c> refuses to do this; the fault exists so the watchdog can be shown to fence it.
    /// </summary>
    private async Task<(SandboxComponent? Zombie, string Message)> RestartOldPrimaryAsync(SandboxState state, SandboxComponent primary, CancellationToken cancellationToken)
    {
        if (DetachedProcess.IsOurs(primary.Pid, primary.Marker))
        {
            return (null, $"PostgreSQL {primary.Name} (pid {primary.Pid}) is still running; kill it first (fault kill {primary.Name})");
        }

        await ClearStalePostmasterAsync(primary, cancellationToken);
        // As a person restarting it by hand from an old script would: even a demote fence's standby.signal is undone.
        File.Delete(Path.Combine(primary.Marker, "standby.signal"));
        var spawn = await DetachedProcess.SpawnAsync(primary.Launch, time, cancellationToken);
        if (!spawn.Succeeded)
        {
            return (null, spawn.Error!);
        }

        var zombie = primary with { Pid = spawn.Pid };
        var error = await SandboxKindRegistry.Get(PostgresKind.Name).WaitReadyAsync(state, zombie, time, cancellationToken);
        await WriteStateAsync(state with { Components = [.. state.Components.Select(c => c.Name == primary.Name ? zombie : c)] }, cancellationToken);
        return error is null ? (zombie, $"old primary PostgreSQL restarted writable as pid {zombie.Pid} on {zombie.Endpoint}") : (null, error);
    }

    private static string KillProcess(SandboxComponent process)
    {
        // The parent first (so it cannot restart its children), then its children, as a lost host would.
        var children = DetachedProcess.IsOurs(process.Pid, process.Marker) ? DetachedProcess.ChildrenOf(process.Pid) : [];
        if (!DetachedProcess.Signal(process.Pid, process.Marker, UnixSignal.Kill))
        {
            return $"{process.Name} (pid {process.Pid}) was not running";
        }

        foreach (var child in children)
        {
            DetachedProcess.SignalUnchecked(child, UnixSignal.Kill);
        }

        return $"SIGKILL {process.Name} pid {process.Pid} and {children.Count} child processes";
    }

    private static string SignalTree(SandboxComponent process, UnixSignal signal, string verb)
    {
        if (!DetachedProcess.IsOurs(process.Pid, process.Marker))
        {
            return $"{process.Name} (pid {process.Pid}) is not running";
        }

        // Backends serve their clients without the postmaster, so the whole server is paused or resumed.
        var children = DetachedProcess.ChildrenOf(process.Pid);
        DetachedProcess.Signal(process.Pid, process.Marker, signal);
        foreach (var child in children)
        {
            DetachedProcess.SignalUnchecked(child, signal);
        }

        return $"{verb} {process.Name} pid {process.Pid} and {children.Count} child processes (SIG{(signal == UnixSignal.Stop ? "STOP" : "CONT")})";
    }

    private static async Task<string> KillServiceAsync(string root, string service, CancellationToken cancellationToken)
    {
        var state = await ProcessServiceController.ReadStateAsync(root, service, cancellationToken);
        var killed = state.Instances.Where(i => DetachedProcess.Signal(i.Pid, i.Marker, UnixSignal.Kill)).Select(i => $"{i.Address} (pid {i.Pid})").ToList();
        return killed.Count > 0 ? $"SIGKILL {service} instances {string.Join(", ", killed)}" : $"no {service} instances were running";
    }
}
