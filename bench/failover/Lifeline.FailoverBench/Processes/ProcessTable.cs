using System.Globalization;
using System.Runtime.InteropServices;

namespace Lifeline.FailoverBench.Processes;

/// <summary>Reads <c>/proc</c> and sends signals. Zombies count as dead (PID 1 here may not reap).</summary>
internal static partial class ProcessTable
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int SigCont = 18;
    public const int SigStop = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Signal(int pid, int signal) => pid > 1 && Kill(pid, signal) == 0;

    public static bool IsAlive(int pid)
    {
        var state = Stat(pid);
        return state is not null && state.Value.State != 'Z' && state.Value.State != 'X';
    }

    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>The live children of <paramref name="parent"/> (one level: PostgreSQL's backends and auxiliaries).</summary>
    public static IReadOnlyList<int> Children(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Stat(pid) is { } stat && stat.ParentPid == parent && stat.State != 'Z')
            {
                children.Add(pid);
            }
        }

        return children;
    }

    /// <summary>The postmaster of a data directory, from <c>postmaster.pid</c>, if it is alive and serves that directory.</summary>
    public static int? Postmaster(string dataDirectory)
    {
        try
        {
            var first = File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsAlive(pid)
                && CommandLine(pid).Contains(dataDirectory, StringComparison.Ordinal) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static async Task<bool> WaitGoneAsync(IReadOnlyList<int> pids, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (pids.Any(IsAlive))
        {
            if (TimeProvider.System.GetElapsedTime(start) > timeout)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    private static (char State, int ParentPid)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
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
}
