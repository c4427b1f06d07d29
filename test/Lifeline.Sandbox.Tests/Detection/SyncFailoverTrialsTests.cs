using Lifeline.Engine.Monitoring;
using Xunit.Abstractions;

namespace Lifeline.Sandbox.Tests.Detection;

/// <summary>With synchronous replication, automatic failover under load must lose no acknowledged write, every time.</summary>
public sealed class SyncFailoverTrialsTests(ITestOutputHelper output)
{
    /// <summary>
    /// Twenty trials in four lanes of five: each trial has its own sandbox, monitor and writer, and what is asserted (no
    /// acknowledged write lost) does not depend on timing, so the lanes only share the machine.
    /// </summary>
    [Fact]
    public async Task Monitor_SyncPrimaryKilledUnderLoad_TwentyTrials_LoseNoAcknowledgedWrite()
    {
        const int lanes = 4;
        const int trialsPerLane = 5;
        var results = await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => LaneAsync(lane, trialsPerLane)));
        output.WriteLine(string.Join("\n", results.SelectMany(r => r)));
        Assert.Equal(lanes * trialsPerLane, results.Sum(r => r.Count));
    }

    private static async Task<List<string>> LaneAsync(int lane, int trials)
    {
        var interval = TimeSpan.FromMilliseconds(500);
        var window = TimeSpan.FromSeconds(1);
        var results = new List<string>();
        for (var n = 1; n <= trials; n++)
        {
            var trial = $"{lane * trials + n}";
            // Given a fresh synchronous pair under a steady write load, with the monitor watching
            await using var sandbox = await MonitoredSandbox.StartAsync(sync: true, interval, window);
            await AcknowledgedWriter.CreateTableAsync(sandbox.PrimaryConnection);
            await using var writer = new AcknowledgedWriter(sandbox.PrimaryConnection, reconnect: false);
            writer.Start();
            // Until the load has written, not for a fixed second: on a busy machine (a CI run beside other builds) the
            // first synchronous commit took longer, the fault came first, and a trial had nothing to count.
            var loaded = TimeProvider.System.GetUtcNow().AddSeconds(60);
            while (writer.Acknowledged.Count < 10 && TimeProvider.System.GetUtcNow() < loaded)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50));
            }

            // When the primary is SIGKILLed
            await sandbox.FaultAsync("primary-db");
            var finished = await sandbox.WaitForAsync(MonitorEventKind.FailoverFinished, TimeSpan.FromSeconds(90));
            await writer.DisposeAsync();

            // Then the monitor failed over and every acknowledged write is on the new primary
            Assert.True(finished is not null, $"trial {trial}: no failover; events:\n{string.Join("\n", sandbox.Events.Select(e => e.Message))}");
            var run = await sandbox.Monitor.RunStore.GetRunAsync(finished.RunId!, CancellationToken.None);
            Assert.True(finished.Message.Contains("succeeded", StringComparison.Ordinal), $"trial {trial}: {finished.Message}: {run?.Reason}");
            var acknowledged = writer.Acknowledged.Select(a => a.Id).ToList();
            var present = await AcknowledgedWriter.CountPresentAsync(sandbox.StandbyConnection, acknowledged);
            results.Add($"trial {trial}: {acknowledged.Count} acknowledged, {acknowledged.Count - present} lost");
            Assert.True(acknowledged.Count > 0, $"trial {trial}: the load wrote nothing");
            Assert.Equal(acknowledged.Count, present);
        }

        return results;
    }
}
