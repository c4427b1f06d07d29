namespace Lifeline.Sandbox.Tests;

/// <summary>What /proc says about processes, for asserting that a sandbox left nothing behind.</summary>
internal static class Processes
{
    /// <summary>Live (non-zombie) PIDs whose cmdline mentions <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> Mentioning(string text)
    {
        var found = new List<int>();
        foreach (var entry in System.IO.Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid) || pid == System.Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(text, StringComparison.Ordinal) && Lifeline.Providers.ProcessService.DetachedProcess.IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    public static async Task<bool> WaitDeadAsync(int pid, TimeSpan timeout) =>
        await Lifeline.Providers.ProcessService.DetachedProcess.WaitForExitAsync(pid, timeout, TimeProvider.System, CancellationToken.None);
}
