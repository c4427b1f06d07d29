using System.Diagnostics;
using System.Globalization;

namespace Lifeline.Providers.ProcessService;

/// <summary>
/// Starts processes in their own session (so they outlive the CLI that started them), records their real PID, and
/// signals them only while <c>/proc/PID/cmdline</c> still shows the command that was started.
/// </summary>
internal static class DetachedProcess
{
    // Run by `setsid --fork`: the shell is the new session leader; it records its own PID, points stdio at the log, and
    // execs (through setpriv when dropping root) into the real program, which therefore keeps that PID.
    private const string Launcher =
        "echo $$ > \"$1.tmp\" && mv \"$1.tmp\" \"$1\" || exit 97; log=\"$2\"; shift 2; " +
        "exec </dev/null >>\"$log\" 2>&1; exec \"$@\"";

    private static readonly TimeSpan PidFileTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    public static bool IsRoot => NativeMethods.GetEffectiveUserId() == 0;

    public static async Task<SpawnResult> SpawnAsync(DetachedProcessSpec spec, TimeProvider time, CancellationToken cancellationToken)
    {
        File.Delete(spec.PidFile);
        Directory.CreateDirectory(Path.GetDirectoryName(spec.LogFile)!);
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = spec.WorkingDirectory,
        };
        foreach (var argument in (string[])["--fork", "/bin/sh", "-c", Launcher, "lifeline-launch", spec.PidFile, spec.LogFile])
        {
            info.ArgumentList.Add(argument);
        }

        if (spec.RunAs is { } user)
        {
            foreach (var argument in (string[])["setpriv", $"--reuid={user.Uid}", $"--regid={user.Gid}", "--init-groups", "--"])
            {
                info.ArgumentList.Add(argument);
            }
        }

        info.ArgumentList.Add(spec.FileName);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        info.Environment["LANG"] = "C.UTF-8";
        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        using (var launcher = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start"))
        {
            launcher.StandardInput.Close();
            await launcher.WaitForExitAsync(cancellationToken);
            if (launcher.ExitCode != 0)
            {
                var stderr = (await launcher.StandardError.ReadToEndAsync(cancellationToken)).Trim();
                return SpawnResult.Failed($"could not start {spec.FileName}: setsid exited with {launcher.ExitCode} {stderr}".Trim());
            }
        }

        var deadline = time.GetUtcNow() + PidFileTimeout;
        while (time.GetUtcNow() < deadline)
        {
            if (File.Exists(spec.PidFile)
                && int.TryParse((await File.ReadAllTextAsync(spec.PidFile, cancellationToken)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                return SpawnResult.Started(pid);
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return SpawnResult.Failed($"could not start {spec.FileName}: no PID recorded in {spec.PidFile} within {PidFileTimeout.TotalSeconds:0} s (see {spec.LogFile})");
    }

    /// <summary>Gives a file or directory to <paramref name="user"/> (no-op when not dropping privileges).</summary>
    public static void GiveTo(string path, RunAsUser? user)
    {
        if (user is not null && NativeMethods.Chown(path, user.Uid, user.Gid) != 0)
        {
            throw new IOException($"chown {user.Name} {path} failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>The PIDs whose parent is <paramref name="pid"/> (a PostgreSQL postmaster's backends and workers).</summary>
    public static IReadOnlyList<int> ChildrenOf(int pid)
    {
        var children = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields.Length > 1 && fields[1] == pid.ToString(CultureInfo.InvariantCulture))
                {
                    children.Add(candidate);
                }
            }
            catch (IOException)
            {
            }
        }

        return children;
    }

    /// <summary>Sends a signal to a process we know is ours by other means (e.g. a child of our postmaster).</summary>
    public static bool SignalUnchecked(int pid, UnixSignal signal) => IsAlive(pid) && NativeMethods.Kill(pid, (int)signal) == 0;

    /// <summary>Alive means the process exists and is not a zombie (PID 1 here may not reap orphans).</summary>
    public static bool IsAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close > 0 && close + 2 < stat.Length && stat[close + 2] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="pid"/> is alive and still runs the command we started (its cmdline contains <paramref name="marker"/>).</summary>
    public static bool IsOurs(int pid, string marker) =>
        IsAlive(pid) && CommandLine(pid) is { } commandLine && commandLine.Contains(marker, StringComparison.Ordinal);

    /// <summary>Sends <paramref name="signal"/> only if the PID is still ours; returns whether it was sent.</summary>
    public static bool Signal(int pid, string marker, UnixSignal signal) =>
        IsOurs(pid, marker) && NativeMethods.Kill(pid, (int)signal) == 0;

    /// <summary>
    /// Stops a process we started: <paramref name="signal"/>, then SIGKILL after <paramref name="grace"/>; waits until it is
    /// gone. Returns false only if it is still alive after SIGKILL.
    /// </summary>
    public static async Task<bool> StopAsync(int pid, string marker, UnixSignal signal, TimeSpan grace, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Signal(pid, marker, signal))
        {
            return true;
        }

        // A stopped process only acts on the signal once it runs again.
        NativeMethods.Kill(pid, (int)UnixSignal.Continue);
        if (await WaitForExitAsync(pid, grace, time, cancellationToken))
        {
            return true;
        }

        Signal(pid, marker, UnixSignal.Kill);
        return await WaitForExitAsync(pid, TimeSpan.FromSeconds(5), time, cancellationToken);
    }

    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (IsAlive(pid))
        {
            if (time.GetUtcNow() >= deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, time, cancellationToken);
        }

        return true;
    }
}
