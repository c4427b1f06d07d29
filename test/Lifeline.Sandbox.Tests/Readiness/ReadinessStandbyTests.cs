using Lifeline.Engine.Readiness;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.Readiness;

/// <summary>Stopping the DR standby breaks replication: a sandbox of its own, since the break is not undone.</summary>
public sealed class ReadinessStandbyTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task CheckAsync_StandbyStopped_OnlyReplicationFailsNamingTheReplica()
    {
        // Given the DR standby PostgreSQL was shut down
        var estate = AxisReadiness.Load(sandbox.Directory);
        var standby = sandbox.State.Component(SandboxManager.StandbyDb);
        Assert.True(await DetachedProcess.StopAsync(standby.Pid, standby.Marker, UnixSignal.Interrupt, TimeSpan.FromSeconds(30), TimeProvider.System, CancellationToken.None));

        // When readiness is checked
        var report = await AxisReadiness.CheckAsync(estate, name => sandbox.Variables.GetValueOrDefault(name));

        // Then only replication fails, naming the replica
        AxisReadiness.OnlyRed(report, ReadinessItemKind.Replication, "db-replica: standby unreachable");
    }
}
