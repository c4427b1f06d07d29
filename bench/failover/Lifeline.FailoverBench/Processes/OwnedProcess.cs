using System.Diagnostics;

namespace Lifeline.FailoverBench.Processes;

/// <summary>
/// A long-running server the harness started (etcd, a Patroni node), in its own session, optionally as an
/// unprivileged user, with output appended to a log file. Signals go only to this PID, and only while its
/// <c>/proc/PID/cmdline</c> still contains <see cref="Marker"/>.
/// </summary>
internal sealed class OwnedProcess(Process process, string name, string marker, string log)
{
    public int Pid { get; } = process.Id;

    public string Name { get; } = name;

    public string Marker { get; } = marker;

    public string Log { get; } = log;

    /// <summary>
    /// Starts <paramref name="fileName"/> through <c>setpriv</c> (when <paramref name="runAs"/> is set), <c>setsid</c>
    /// and <c>sh -c exec</c>; each of them execs, so the PID is the server's own.
    /// </summary>
    public static OwnedProcess Start(string name, string fileName, IReadOnlyList<string> arguments, string marker, string log, string? runAs, string workingDirectory)
    {
        var info = new ProcessStartInfo { UseShellExecute = false, WorkingDirectory = workingDirectory, RedirectStandardInput = true };
        var command = new List<string>();
        if (runAs is not null)
        {
            command.AddRange(["setpriv", $"--reuid={runAs}", $"--regid={runAs}", "--init-groups", "--"]);
        }

        command.AddRange(["setsid", "sh", "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1", "sh", log, fileName]);
        command.AddRange(arguments);
        info.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["HOME"] = workingDirectory;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{name}: {fileName} did not start");
        process.StandardInput.Close();
        return new OwnedProcess(process, name, marker, log);
    }

    public bool IsAlive => ProcessTable.IsAlive(Pid) && ProcessTable.CommandLine(Pid).Contains(Marker, StringComparison.Ordinal);

    public bool Signal(int signal) => IsAlive && ProcessTable.Signal(Pid, signal);

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>; waits until the process is gone.</summary>
    public async Task StopAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        Signal(ProcessTable.SigTerm);
        if (!await ProcessTable.WaitGoneAsync([Pid], grace, cancellationToken))
        {
            Signal(ProcessTable.SigKill);
            await ProcessTable.WaitGoneAsync([Pid], TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    public string LogTail(int lines = 15)
    {
        try
        {
            return string.Join('\n', File.ReadLines(Log).TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }
}
