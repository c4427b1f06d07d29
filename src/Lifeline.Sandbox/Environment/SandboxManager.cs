using Lifeline.Providers.Files;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// The local estate an estate's sandbox topology describes: <c>up</c>, <c>status</c>, <c>fault</c>, <c>down</c>. Everything
/// lives under one directory; every process is detached, recorded by PID, and signalled only while its cmdline still matches.
/// </summary>
internal sealed partial class SandboxManager(TimeProvider time)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(2) });

    private ProcessServiceController Services => new(time, Http);

    public static async Task<SandboxState?> ReadStateAsync(string directory, CancellationToken cancellationToken) =>
        await AtomicFile.ReadJsonAsync<SandboxState>(new SandboxLayout(Path.GetFullPath(directory)).StateFile, cancellationToken) is { } state
            ? state with { Components = [.. state.Components.Select(AdoptRestartedPostmaster)] }
            : null;

    /// <summary>
    /// A demote fence restarts a PostgreSQL server with pg_ctl, under a new PID the state file does not know. The
    /// postmaster.pid in the data directory names it; it is ours if its command line names the same data directory.
    /// </summary>
    private static SandboxComponent AdoptRestartedPostmaster(SandboxComponent component)
    {
        if (component.Kind != Kinds.PostgresKind.Name || DetachedProcess.IsOurs(component.Pid, component.Marker))
        {
            return component;
        }

        var pidFile = Path.Combine(component.Marker, "postmaster.pid");
        try
        {
            return File.Exists(pidFile)
                && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && DetachedProcess.IsOurs(pid, component.Marker)
                ? component with { Pid = pid }
                : component;
        }
        catch (IOException)
        {
            return component;
        }
    }

    /// <summary>The sandbox's connection details as the KEY=VALUE pairs of <c>sandbox.env</c>.</summary>
    public static async Task<SandboxResult<SandboxSettings>> EnvironmentAsync(string directory, CancellationToken cancellationToken) =>
        await ReadStateAsync(directory, cancellationToken) is { } state
            ? SandboxResult<SandboxSettings>.Ok(state.Settings)
            : SandboxResult<SandboxSettings>.Fail(NotASandbox(Path.GetFullPath(directory)));

    private static string NotASandbox(string directory) =>
        Directory.Exists(directory) ? $"directory {directory} is not a sandbox (no sandbox.json)" : $"no sandbox at {directory} (directory does not exist)";

    private static async Task WriteStateAsync(SandboxState state, CancellationToken cancellationToken)
    {
        var layout = new SandboxLayout(state.Directory);
        await AtomicFile.WriteJsonAsync(layout.StateFile, state, cancellationToken);
        await AtomicFile.WriteAllTextAsync(layout.EnvironmentFile, SandboxEnvironment.Render(state.Settings), cancellationToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static UnixSignal StopSignal(SandboxComponent component) => component.Kind == Kinds.PostgresKind.Name ? UnixSignal.Interrupt : UnixSignal.Terminate;
}
