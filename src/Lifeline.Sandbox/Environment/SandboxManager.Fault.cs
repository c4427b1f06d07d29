using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public static readonly IReadOnlyList<string> Faults = ["primary-site", "primary-db", "primary-portal", "pause-primary-db", "resume-primary-db", "zombie-primary", PartitionFault];

    /// <summary>Injects a failure into the primary site. Only processes the sandbox recorded are signalled.</summary>
    public async Task<SandboxResult<string>> FaultAsync(string directory, string fault, CancellationToken cancellationToken)
    {
        if (fault == PartitionFault)
        {
            return SandboxResult<string>.Fail($"{PartitionFault} needs a site: lifeline sandbox fault {PartitionFault} primary|dr");
        }

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

        var primary = state.Component(PrimaryDb);
        var done = new List<string>();
        switch (fault)
        {
            case "primary-site":
                done.Add(KillDatabase(primary));
                done.Add(await KillPortalsAsync(root, cancellationToken));
                break;
            case "primary-db":
                done.Add(KillDatabase(primary));
                break;
            case "primary-portal":
                done.Add(await KillPortalsAsync(root, cancellationToken));
                break;
            case "zombie-primary":
                var (zombie, message) = await RestartOldPrimaryAsync(state, primary, cancellationToken);
                if (zombie is null)
                {
                    return SandboxResult<string>.Fail(message);
                }

                done.Add(message);
                break;
            case "pause-primary-db":
                done.Add(SignalDatabase(primary, UnixSignal.Stop, "paused"));
                break;
            default:
                done.Add(SignalDatabase(primary, UnixSignal.Continue, "resumed"));
                break;
        }

        return SandboxResult<string>.Ok($"{fault}: {string.Join("; ", done)}");
    }

    /// <summary>
    /// The split-brain fault: the old primary comes back as it was, writable, whatever happened since (a demote fence's
    /// standby.signal included). <c>up</c> refuses to do this; the fault exists so the watchdog can be shown to fence it.
    /// </summary>
    private async Task<(SandboxComponent? Zombie, string Message)> RestartOldPrimaryAsync(SandboxState state, SandboxComponent primary, CancellationToken cancellationToken)
    {
        if (DetachedProcess.IsOurs(primary.Pid, primary.Marker))
        {
            return (null, $"primary PostgreSQL (pid {primary.Pid}) is still running; kill it first (fault primary-db)");
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
        var postgres = new SandboxPostgres(new SandboxLayout(state.Directory), state.RunAs, time);
        var error = await postgres.WaitReadyAsync(zombie, SandboxPostgres.SuperuserConnection(zombie.Port, SandboxEnvironment.ReadSecret(state.SuperuserPasswordFile)), cancellationToken);
        await WriteStateAsync(state with { Components = [.. state.Components.Select(c => c.Name == PrimaryDb ? zombie : c)] }, cancellationToken);
        return error is null ? (zombie, $"old primary PostgreSQL restarted writable as pid {zombie.Pid} on {zombie.Endpoint}") : (null, error);
    }

    private static string KillDatabase(SandboxComponent primary)
    {
        // The postmaster first (so it cannot restart its children), then its backends and workers, as a lost host would.
        var children = DetachedProcess.IsOurs(primary.Pid, primary.Marker) ? DetachedProcess.ChildrenOf(primary.Pid) : [];
        if (!DetachedProcess.Signal(primary.Pid, primary.Marker, UnixSignal.Kill))
        {
            return $"primary PostgreSQL (pid {primary.Pid}) was not running";
        }

        foreach (var child in children)
        {
            DetachedProcess.SignalUnchecked(child, UnixSignal.Kill);
        }

        return $"SIGKILL primary PostgreSQL postmaster pid {primary.Pid} and {children.Count} child processes";
    }

    private static string SignalDatabase(SandboxComponent primary, UnixSignal signal, string verb)
    {
        if (!DetachedProcess.IsOurs(primary.Pid, primary.Marker))
        {
            return $"primary PostgreSQL (pid {primary.Pid}) is not running";
        }

        // Backends serve their clients without the postmaster, so the whole server is paused or resumed.
        var children = DetachedProcess.ChildrenOf(primary.Pid);
        DetachedProcess.Signal(primary.Pid, primary.Marker, signal);
        foreach (var child in children)
        {
            DetachedProcess.SignalUnchecked(child, signal);
        }

        return $"{verb} primary PostgreSQL pid {primary.Pid} and {children.Count} child processes (SIG{(signal == UnixSignal.Stop ? "STOP" : "CONT")})";
    }

    private static async Task<string> KillPortalsAsync(string root, CancellationToken cancellationToken)
    {
        var state = await ProcessServiceController.ReadStateAsync(root, PortalPrimary, cancellationToken);
        var killed = state.Instances.Where(i => DetachedProcess.Signal(i.Pid, i.Marker, UnixSignal.Kill)).Select(i => $"{i.Address} (pid {i.Pid})").ToList();
        return killed.Count > 0 ? $"SIGKILL {PortalPrimary} instances {string.Join(", ", killed)}" : $"no {PortalPrimary} instances were running";
    }
}
