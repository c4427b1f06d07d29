using Lifeline.Providers.Postgres;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Tests.Providers;

public sealed class PostgresFenceStopTests(DatabasePairFixture sandbox) : IClassFixture<DatabasePairFixture>
{
    [Fact]
    public async Task Fence_MethodStopWithDataDirectory_StopsThePrimary()
    {
        // Given the primary and its data directory on this machine
        var provider = new PostgresProvider(TimeProvider.System);
        var step = new TestStep();
        var primary = sandbox.State.Component("pg-primary");
        var settings = new Dictionary<string, string>(sandbox.PostgresSettings("LIFELINE_SANDBOX_PG_PRIMARY_PORT")) { ["data-dir"] = primary.Marker };

        // When it is fenced by stopping it (twice: the second finds it stopped)
        var fence = await provider.ExecuteAsync(step.Operation("database.fence", settings, new Dictionary<string, string> { ["method"] = "stop" }), CancellationToken.None);
        var again = await provider.ExecuteAsync(step.Operation("database.fence", settings, new Dictionary<string, string> { ["method"] = "stop" }), CancellationToken.None);

        // Then the postmaster is gone and both report fenced
        Assert.True(fence.Succeeded, fence.Error);
        Assert.Equal("stop", fence.Outputs["method"]);
        Assert.Equal("true", fence.Outputs["reachable"]);
        Assert.Equal("true", fence.Outputs["verified"]);
        Assert.True(await Processes.WaitDeadAsync(primary.Pid, TimeSpan.FromSeconds(5)));
        Assert.True(again.Succeeded, again.Error);
        Assert.Equal("false", again.Outputs["reachable"]);
        Assert.Equal("true", again.Outputs["fenced"]);
        Assert.False(DetachedProcess.IsAlive(primary.Pid));
    }
}
