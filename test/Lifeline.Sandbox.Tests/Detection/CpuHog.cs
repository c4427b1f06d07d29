using System.Diagnostics;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>
/// Keeps every core busy: one <c>yes &gt; /dev/null</c> per core, started by this test and stopped by its PID when
/// disposed. The busy machine the detection must survive, made on purpose.
/// </summary>
internal sealed class CpuHog : IDisposable
{
    private readonly List<Process> _processes = [];

    public CpuHog(int processes)
    {
        for (var i = 0; i < processes; i++)
        {
            // exec: the shell becomes yes, so the PID we hold is the process that burns the CPU.
            var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec yes > /dev/null");
            _processes.Add(Process.Start(start)!);
        }
    }

    public IReadOnlyList<int> Pids => [.. _processes.Select(p => p.Id)];

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }
    }
}
