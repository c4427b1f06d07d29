using System.Text.Json;
using Lifeline.Cli.Tests.Support;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>Detection and automatic failover end to end: the real CLI, the real sandbox, the monitor deciding.</summary>
public sealed class AutoFailoverTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-auto-" + Guid.NewGuid().ToString("N")[..8]);

    public AutoFailoverTests() => Directory.CreateDirectory(_work);

    [Fact]
    public async Task DemoAuto_PrimarySiteKilled_MonitorDetectsAndFailsOverByItself()
    {
        // When the primary site is SIGKILLed with the monitor watching (1 s probes, 3 s criteria window)
        var json = Path.Combine(_work, "demo.json");
        var state = Path.Combine(_work, "state.db");
        var (exit, stdout, stderr) = await CliProcess.RunAsync(
            RepositoryPaths.Root, "demo", "--auto", "--criteria-window", "3s", "--json", json, "--dir", Path.Combine(_work, "sandbox"), "--state", state);

        // Then the monitor decided, fenced, promoted and validated without anyone starting the plan
        Assert.True(exit == 0, $"demo exited {exit}\n{stdout}\n{stderr}");
        var report = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal("succeeded", report.GetProperty("status").GetString());
        var detection = report.GetProperty("detection");
        Assert.Equal("auto", detection.GetProperty("mode").GetString());
        var detected = detection.GetProperty("fault_to_detected_s").GetDouble();
        var writable = detection.GetProperty("fault_to_writable_s").GetDouble();
        // Never sooner than the window after the last healthy probe (one interval before the fault at most); generous
        // upper bounds, as these machines are noisy (the benchmark measures).
        Assert.InRange(detected, 2.0, 15);
        Assert.InRange(writable, detected, 30);
        Assert.Equal(0, report.GetProperty("rpo").GetProperty("lost_writes").GetInt32());
        Assert.Contains("starting the plan (automatic)", stderr, StringComparison.Ordinal);

        // And the run is on record as started by the monitor, under the incident the monitor opened
        var incident = await CliProcess.RunAsync(RepositoryPaths.Root, "incident", "show", report.GetProperty("incident_id").GetString()!, "--state", state, "--output", "json");
        Assert.Contains("detected: primary down from", incident.Stdout, StringComparison.Ordinal);
        var export = await CliProcess.RunAsync(RepositoryPaths.Root, "audit", "export", "--state", state);
        Assert.Contains("monitor.detected", export.Stdout, StringComparison.Ordinal);
        Assert.Contains(export.Stdout.Split('\n'), line => line.Contains("run.RunStarted", StringComparison.Ordinal) && line.Contains("lifeline monitor", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
