namespace Lifeline.Sandbox.Drills;

/// <summary>Processes whose command line still names a drill sandbox's directory: what its tear-down failed to stop.</summary>
internal static class LeftRunning
{
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
