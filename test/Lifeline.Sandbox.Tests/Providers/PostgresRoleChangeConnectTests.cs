using System.Globalization;
using Lifeline.Providers.Postgres;
using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Tests.Servers;

namespace Lifeline.Sandbox.Tests.Providers;

/// <summary>
/// A role change (promote, forced failover) must not fail on one slow answer: a live standby on a busy host can miss
/// the 2 s connect timeout that suits a probe. Here a real standby's postmaster is SIGSTOPped past that, as starvation
/// would hold it, and resumed.
/// </summary>
public sealed class PostgresRoleChangeConnectTests
{
    [Fact]
    public async Task Promote_StandbyNotAnsweringForLongerThanTheConnectTimeout_ConnectsAgainAndPromotes()
    {
        // Given a streaming standby whose postmaster does not answer for 3 s
        await using var primary = await PostgresCluster.LaunchAsync();
        await using var standby = await primary.LaunchStandbyAsync();
        var pid = standby.Pid!.Value;
        Assert.True(DetachedProcess.SignalUnchecked(pid, UnixSignal.Stop), "could not SIGSTOP the standby");
        var resume = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            DetachedProcess.SignalUnchecked(pid, UnixSignal.Continue);
        });
        var step = new TestStep();

        try
        {
            // When it is promoted
            var promoted = await new PostgresProvider(TimeProvider.System).ExecuteAsync(
                step.Operation("database.promote", standby.ProviderSettings(), new Dictionary<string, string> { ["wait"] = "60s" }), CancellationToken.None);

            // Then the first connect timed out, the next got through, and it is the primary
            Assert.True(promoted.Succeeded, promoted.Error + "\n" + string.Join("\n", step.Lines));
            Assert.Contains(step.Lines, l => l.EndsWith("did not answer within 2 s (attempt 1 of 3); trying again", StringComparison.Ordinal));
            Assert.Equal(standby.Port.ToString(CultureInfo.InvariantCulture), promoted.Outputs["port"]);
        }
        finally
        {
            await resume;
        }
    }

    [Fact]
    public async Task Promote_NothingListening_FailsAtOnceWithoutTryingAgain()
    {
        // Given a port nothing listens on
        var settings = new Dictionary<string, string> { ["host"] = "127.0.0.1", ["port"] = FreePort.Tcp().ToString(CultureInfo.InvariantCulture), ["database"] = "postgres", ["user"] = "postgres", ["password"] = "unused" };
        var step = new TestStep();

        // When it is promoted
        var promoted = await new PostgresProvider(TimeProvider.System).ExecuteAsync(step.Operation("database.promote", settings), CancellationToken.None);

        // Then the refusal is final: one line naming the server, no second attempt
        Assert.False(promoted.Succeeded);
        Assert.Contains("is unreachable: connection refused", promoted.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(step.Lines, l => l.Contains("trying again", StringComparison.Ordinal));
    }
}
