using System.Globalization;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Drills;

/// <summary>
/// What a drill sandbox's tear-down left behind: processes whose command line still names its directory, and ports of
/// the sandbox still bound (a process that outlived its sandbox need not name the directory, but it holds its port).
/// </summary>
internal static class LeftRunning
{
    /// <summary>Every port the sandbox picked, by component, member or service port name, as its tear-down frees them.</summary>
    public static IReadOnlyDictionary<string, int> Ports(SandboxState state)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var component in state.Components)
        {
            ports.TryAdd(component.Name, component.Port);
        }

        foreach (var (name, port) in state.Ports)
        {
            ports.TryAdd(name, port);
        }

        return ports;
    }

    /// <summary>The processes left in <paramref name="directory"/> and the <paramref name="ports"/> still bound, one line each.</summary>
    public static List<string> After(string directory, IReadOnlyDictionary<string, int> ports)
    {
        var left = Processes(directory);
        left.AddRange(Bound(ports));
        return left;
    }

    /// <summary>Each of <paramref name="ports"/> something still listens on (TCP) or has bound (UDP), naming it.</summary>
    public static IEnumerable<string> Bound(IReadOnlyDictionary<string, int> ports) =>
        ports.Where(p => p.Value > 0).GroupBy(p => p.Value).OrderBy(g => g.Key)
            .Where(g => FreePorts.IsListening(g.Key))
            .Select(g => $"port {g.Key.ToString(CultureInfo.InvariantCulture)} ({string.Join(", ", g.Select(p => p.Key).Order(StringComparer.Ordinal))}) still bound");

    public static List<string> Processes(string directory)
    {
        var left = new List<string>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(directory, StringComparison.Ordinal))
                {
                    left.Add($"pid {pid} still running: {commandLine.Trim()}");
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read, so not ours to have left.
            }
        }

        return left;
    }
}
