using Lifeline.Providers.ProcessService;
using Lifeline.Providers.Tools;

namespace Lifeline.Providers.Postgres;

/// <summary>
/// What a binding's <c>data-dir</c> setting grants: the server's data directory and pg_ctl on this machine, used as the
/// directory's owner (pg_ctl refuses root). A SQL connection cannot stop a server or make it a standby; this can.
/// </summary>
internal sealed class PostgresHost(PostgresTarget target)
{
    public string DataDirectory { get; } = target.DataDirectory ?? throw new InvalidOperationException("no data directory");

    /// <summary>Where a server this host restarts writes its log (pg_ctl must not write it to our pipe).</summary>
    public string RestartLog => Path.Combine(DataDirectory, "lifeline-restart.log");

    public async Task<(int ExitCode, string Output)> PgCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        await RunAsOwnerAsync(Path.Combine(target.BinDirectory, "pg_ctl"), ["-D", DataDirectory, .. arguments], cancellationToken);

    /// <summary>Runs one of the server's programs (pg_rewind, pg_controldata) as the data directory's owner.</summary>
    public async Task<(int ExitCode, string Output)> ToolAsync(string tool, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken) =>
        await RunAsOwnerAsync(Path.Combine(target.BinDirectory, tool), arguments, cancellationToken, environment);

    /// <summary>
    /// Whether a postmaster runs on the data directory: the PID in postmaster.pid is alive. Not pg_ctl status, which
    /// takes a killed postmaster nobody has reaped yet (a zombie) for a running one and then waits for it to stop.
    /// </summary>
    public bool? Running()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        try
        {
            if (!File.Exists(pidFile))
            {
                return Directory.Exists(DataDirectory) ? false : null;
            }

            return int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                ? DetachedProcess.IsAlive(pid)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Creates an empty file in the data directory, owned by the directory's owner.</summary>
    public async Task<string?> TouchAsync(string name, CancellationToken cancellationToken)
    {
        var (exitCode, output) = await RunAsOwnerAsync("touch", [Path.Combine(DataDirectory, name)], cancellationToken);
        return exitCode == 0 ? null : $"could not create {name} in {DataDirectory}: {output}";
    }

    private async Task<(int ExitCode, string Output)> RunAsOwnerAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null) =>
        Directory.Exists(DataDirectory)
            ? await ToolProcess.RunAsOwnerAsync(DataDirectory, fileName, arguments, environment, cancellationToken)
            : (-1, $"data directory {DataDirectory} does not exist on this machine");
}
