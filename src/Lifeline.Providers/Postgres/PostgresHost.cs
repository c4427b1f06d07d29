using System.Diagnostics;
using Lifeline.Providers.ProcessService;

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

    private async Task<(int ExitCode, string Output)> RunAsOwnerAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!Directory.Exists(DataDirectory))
        {
            return (-1, $"data directory {DataDirectory} does not exist on this machine");
        }

        var info = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (DetachedProcess.IsRoot)
        {
            var owner = await OwnerAsync(cancellationToken);
            if (owner is null)
            {
                return (-1, $"could not read the owner of {DataDirectory}");
            }

            info.FileName = "setpriv";
            foreach (var argument in (string[])[$"--reuid={owner.Value.Uid}", $"--regid={owner.Value.Gid}", "--init-groups", "--", fileName])
            {
                info.ArgumentList.Add(argument);
            }
        }
        else
        {
            info.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, $"{await stdout} {await stderr}".Trim());
    }

    private async Task<(int Uid, int Gid)?> OwnerAsync(CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("stat", ["-c", "%u %g", DataDirectory]) { UseShellExecute = false, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var parts = (await process.StandardOutput.ReadToEndAsync(cancellationToken)).Split(' ', StringSplitOptions.TrimEntries);
        await process.WaitForExitAsync(cancellationToken);
        return parts.Length == 2 && int.TryParse(parts[0], out var uid) && int.TryParse(parts[1], out var gid) ? (uid, gid) : null;
    }
}
