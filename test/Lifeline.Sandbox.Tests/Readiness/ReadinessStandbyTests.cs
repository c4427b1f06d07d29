using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Readiness;
using Lifeline.Sandbox.Tests.Detection;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Tests.Readiness;

/// <summary>Stopping the DR standby breaks replication: a sandbox of its own, since the break is not undone.</summary>
public sealed class ReadinessStandbyTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task CheckAsync_StandbyStopped_OnlyReplicationTurnsRedAndTheChangeIsNotifiedThroughTheEstatesChannel()
    {
        // Given a watch that checked the healthy estate and notifies through the estate's own channel (notify-log)
        var estate = AxisReadiness.Load(sandbox.Directory);
        string? Environment(string name) => sandbox.Variables.GetValueOrDefault(name);
        var channel = ChannelNotifier.DefaultChannel(estate.Estate, "sandbox")!;
        var notifier = new ReadinessNotifier(estate.Estate, new ChannelNotifier(estate.Estate, "sandbox", channel, MonitoredSandbox.Providers, Environment));
        var watch = new ReadinessWatch(new ReadinessChecker(MonitoredSandbox.Providers, TimeProvider.System), new ReadinessHistory());
        var (first, quiet) = await watch.CheckAsync(estate, "sandbox", Environment, ReadinessOptions.Default, [notifier], CancellationToken.None);
        Assert.True(first.Ready, AxisReadiness.Describe(first));
        Assert.Empty(quiet);

        // When the standby stops and readiness is checked again
        var standby = sandbox.State.Component("pg-standby");
        Assert.True(await DetachedProcess.StopAsync(standby.Pid, standby.Marker, UnixSignal.Interrupt, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));
        var (report, changes) = await watch.CheckAsync(estate, "sandbox", Environment, ReadinessOptions.Default, [notifier], CancellationToken.None);

        // Then only replication is red, naming the replica, and exactly that change went out through the channel
        AxisReadiness.OnlyRed(report, ReadinessItemKind.Replication, "db-replica: standby unreachable");
        var change = Assert.Single(changes);
        Assert.Equal((ReadinessItemKind.Replication, ReadinessStatus.Pass, ReadinessStatus.Fail), (change.Kind, change.From!.Value, change.To));
        Assert.True(notifier.LastOutcome!.Delivered, notifier.LastOutcome.Error);
        var log = await File.ReadAllTextAsync(Path.Combine(sandbox.Variables["LIFELINE_SANDBOX_DIR"], "notifications.log"));
        Assert.Contains("axis-imaging readiness: Replication active within RPO pass", log, StringComparison.Ordinal);
        Assert.Contains("db-replica: standby unreachable", log, StringComparison.Ordinal);
    }
}
