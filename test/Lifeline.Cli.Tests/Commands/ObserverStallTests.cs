using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Tests.Support;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Lifeline.Cli.Tests.Commands;

/// <summary>
/// The observer stall: a real <c>lifeline monitor</c> process, SIGSTOPped for longer than its window while the real
/// sandbox primary blips, must never fail over, and must say that it stalled.
/// </summary>
public sealed class ObserverStallTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Stall = Window * 1.5;
    // The primary is paused this long before the monitor resumes, so the monitor's first round after its stall finds it
    // down, and stays paused until the monitor has said so, but never longer than half the window: what a monitor that
    // counted its stall as evidence would see as an outage is a blip.
    private static readonly TimeSpan Lead = Window / 10;
    private static readonly TimeSpan MaxBlip = Window / 2;
    private const int Trials = 20;

    private readonly string _work = Path.Combine(Path.GetTempPath(), "lifeline-stall-" + Guid.NewGuid().ToString("N")[..8]);

    private static string EstateDirectory => Path.Combine(AppContext.BaseDirectory, "Detection", "DatabaseEstate");

    [Fact]
    public async Task Monitor_StoppedLongerThanTheWindowWhilePrimaryBlipsHalfTheWindow_TwentyTimes_NeverFailsOverAndShowsTheStalls()
    {
        // Given the real sandbox and a real monitor process: 250 ms probes, a 1 s window, automatic failover
        Directory.CreateDirectory(_work);
        var sandboxDirectory = Path.Combine(_work, "sandbox");
        var state = Path.Combine(_work, "state.db");
        var manager = new SandboxManager(TimeProvider.System);
        using var composition = CliComposition.Build(TimeProvider.System);
        var providers = composition.GetRequiredService<CliServices>().Providers;
        // The detection estate's own sandbox, the database pair alone: the same pair the Axis sandbox has, up far sooner.
        var topology = SandboxTopologyLoader.Load(EstateDirectory, providers).Topology!;
        var up = await manager.UpAsync(new SandboxOptions(sandboxDirectory, topology, false, Instances: 0), new Progress<string>(), CancellationToken.None);
        Assert.True(up.Succeeded, up.Error);
        var variables = SandboxEnvironment.Variables(up.Value!);
        var events = new ConcurrentQueue<(DateTimeOffset At, string Kind, string Message)>();
        using var monitor = CliProcess.Start(
            _work,
            ["monitor", "--estate", EstateDirectory, "--profile", "sandbox", "--interval", "250ms", "--input", "criteria-window=1s", "--decision", "auto", "--drill", "--state", state, "--output", "json"],
            variables);
        var reading = ReadEventsAsync(monitor, events);
        var stderr = monitor.StandardError.ReadToEndAsync();
        var primaryPaused = false;
        var monitorStopped = false;
        try
        {
            await WaitForAsync(() => events.Any(e => e.Kind == "HealthChanged" && e.Message.StartsWith("db-primary from control: healthy", StringComparison.Ordinal)), TimeSpan.FromSeconds(60), monitor, stderr);
            await Task.Delay(Interval * 4);

            // When, 20 times, the monitor is SIGSTOPped for 1.5 s and the primary is paused from just before the monitor
            // resumes until the monitor's first rounds after its stall have seen it down (at most 0.5 s in all)
            var windows = new List<(DateTimeOffset Continued, DateTimeOffset Resumed)>();
            var firstSeen = new List<string>();
            for (var trial = 0; trial < Trials; trial++)
            {
                monitorStopped = DetachedProcess.SignalUnchecked(monitor.Id, UnixSignal.Stop);
                Assert.True(monitorStopped, "could not SIGSTOP the monitor");
                await Task.Delay(Stall - Lead);
                primaryPaused = (await manager.FaultAsync(sandboxDirectory, "pause-primary-db", CancellationToken.None)).Succeeded;
                Assert.True(primaryPaused, "could not pause the primary");
                var paused = TimeProvider.System.GetUtcNow();
                await Task.Delay(Lead);
                monitorStopped = !DetachedProcess.SignalUnchecked(monitor.Id, UnixSignal.Continue);
                var continued = TimeProvider.System.GetUtcNow();
                while (TimeProvider.System.GetUtcNow() - paused < MaxBlip && FirstDown(events, continued) is null)
                {
                    await Task.Delay(10);
                }

                primaryPaused = !(await manager.FaultAsync(sandboxDirectory, "resume-primary-db", CancellationToken.None)).Succeeded;
                windows.Add((continued, TimeProvider.System.GetUtcNow()));
                firstSeen.Add(FirstDown(events, continued) is { } down ? $"{(down - continued).TotalMilliseconds:0} ms" : "-");
                await Task.Delay(Window + Interval * 2);
            }

            await Task.Delay(Window);

            // Then the monitor saw the primary down right after its stalls, yet never detected an outage
            var seen = windows.Count(w => events.Any(e => e.Kind == "HealthChanged" && e.Message.StartsWith("db-primary from control: UNHEALTHY", StringComparison.Ordinal) && e.At >= w.Continued && e.At <= w.Resumed + Interval * 2));
            var stalls = events.Where(e => e.Kind == "Stalled").ToList();
            output.WriteLine($"trials in which the monitor saw the primary down after its stall: {seen} of {Trials}; stall events: {stalls.Count}");
            output.WriteLine("the monitor's first UNHEALTHY event after each SIGCONT, by the event's time (- when after the primary's resume): " + string.Join(", ", firstSeen));
            output.WriteLine(string.Join("\n", stalls.Take(3).Select(s => s.Message)));
            Assert.True(seen > 0, "the monitor never saw the primary down after a stall, so the test proves nothing");
            Assert.DoesNotContain(events, e => e.Kind is "Detected" or "FailoverStarted");

            // And every stall is an event, on record for monitor status
            Assert.True(stalls.Count >= Trials, $"{stalls.Count} stall events for {Trials} stalls");
            Assert.All(stalls, s => Assert.Matches(@"^monitor stalled \d+\.\d s .*evidence restarted$", s.Message));
            var status = await CliProcess.RunAsync(_work, "monitor", "status", "--estate", EstateDirectory, "--state", state);
            Assert.Equal(0, status.ExitCode);
            Assert.Contains("STALLED", status.Stdout, StringComparison.Ordinal);
            var json = await CliProcess.RunAsync(_work, "monitor", "status", "--estate", EstateDirectory, "--state", state, "--output", "json");
            Assert.Equal(10, JsonDocument.Parse(json.Stdout).RootElement.GetProperty("stalls").GetArrayLength());
        }
        finally
        {
            if (monitorStopped)
            {
                DetachedProcess.SignalUnchecked(monitor.Id, UnixSignal.Continue);
            }

            if (primaryPaused)
            {
                await manager.FaultAsync(sandboxDirectory, "resume-primary-db", CancellationToken.None);
            }

            monitor.Kill();
            await monitor.WaitForExitAsync();
            await reading;
            await manager.DownAsync(sandboxDirectory, CancellationToken.None);
        }
    }

    private static DateTimeOffset? FirstDown(ConcurrentQueue<(DateTimeOffset At, string Kind, string Message)> events, DateTimeOffset since) =>
        events.FirstOrDefault(e => e.Kind == "HealthChanged" && e.At >= since && e.Message.StartsWith("db-primary from control: UNHEALTHY", StringComparison.Ordinal)) is { Kind: not null } e ? e.At : null;

    private static async Task ReadEventsAsync(Process monitor, ConcurrentQueue<(DateTimeOffset At, string Kind, string Message)> events)
    {
        while (await monitor.StandardOutput.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            var root = JsonDocument.Parse(line).RootElement;
            events.Enqueue((root.GetProperty("at").GetDateTimeOffset(), root.GetProperty("kind").GetString()!, root.GetProperty("message").GetString()!));
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan limit, Process monitor, Task<string> stderr)
    {
        var deadline = TimeProvider.System.GetUtcNow() + limit;
        while (!condition())
        {
            if (monitor.HasExited)
            {
                Assert.Fail($"the monitor exited {monitor.ExitCode}: {await stderr}");
            }

            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the monitor never saw the primary healthy");
            await Task.Delay(50);
        }
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
