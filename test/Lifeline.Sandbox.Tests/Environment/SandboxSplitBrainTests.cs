using Lifeline.Providers.Postgres;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Tests.Environment;

public sealed class SandboxSplitBrainTests(DatabasePairFixture sandbox) : IClassFixture<DatabasePairFixture>
{
    [Fact]
    public async Task UpAsync_AfterFailover_DoesNotRestartTheOldPrimaryWritable()
    {
        // Given a failover: the primary database died and the standby was promoted
        var primary = sandbox.State.Component("pg-primary");
        var fault = await sandbox.Manager.FaultAsync(sandbox.Directory, "primary-db", CancellationToken.None);
        Assert.True(fault.Succeeded, fault.Error);
        var step = new TestStep();
        var promote = await new PostgresProvider(TimeProvider.System).ExecuteAsync(
            step.Operation("database.promote", sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_STANDBY_PORT")), CancellationToken.None);
        Assert.True(promote.Succeeded, promote.Error);

        // When up runs again on the same sandbox
        var progress = new List<string>();
        var up = await sandbox.Manager.UpAsync(new SandboxOptions(sandbox.Directory, sandbox.Topology), new SynchronousProgress(progress), CancellationToken.None);

        // Then the old primary stays down rather than coming back as a second writable primary
        Assert.True(up.Succeeded, up.Error);
        Assert.Equal(primary.Pid, up.Value!.Component("pg-primary").Pid);
        Assert.False(DetachedProcess.IsOurs(primary.Pid, primary.Marker));
        Assert.Contains(progress, line => line.Contains("second writable primary", StringComparison.Ordinal));
    }

    private sealed class SynchronousProgress(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}
