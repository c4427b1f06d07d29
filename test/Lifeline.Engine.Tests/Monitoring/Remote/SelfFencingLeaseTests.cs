using System.Collections.Concurrent;
using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Monitoring.Remote;

/// <summary>
/// The self-fencing lease's decision rules on fake time, with the local primary played by a stand-in whose answers (and
/// silences) the test scripts. The real agent against real PostgreSQL and nftables partitions is PartitionTests.
/// </summary>
public sealed class SelfFencingLeaseTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task Run_ControlPlaneAndStandbySilentPrimaryAnswers_FencesAtHalfTheLease()
    {
        // Given a control plane that never acknowledges and a local primary with no standby
        var (time, primary, lease, lines) = Start();
        primary.Answer = _ => Primary(standbyReplyAge: null);

        // When the lease runs
        using var stop = new CancellationTokenSource();
        var run = lease.RunAsync(stop.Token);
        Assert.True(await time.DriveUntilAsync(() => primary.FencedAt is not null, run), string.Join('\n', lines));
        await StopAsync(stop, run);

        // Then it fences once half the lease has passed, not before, and releases its claim
        Assert.InRange(primary.FencedAt!.Value, Ttl / 2, Ttl * 3 / 4);
        Assert.True(lease.Fenced);
        Assert.False(lease.Claim.Held);
    }

    [Fact]
    public async Task Run_ControlPlaneSilentStandbyRepliesEverySecondAndSomeProbesTimeOut_NeverFences()
    {
        // Given a control plane that never acknowledges, a standby that replies every second, and a busy host on which
        // every third local probe does not answer within its budget
        var (time, primary, lease, lines) = Start();
        var asked = 0;
        primary.Answer = elapsed => Interlocked.Increment(ref asked) % 3 == 0
            ? null
            : Primary(standbyReplyAge: elapsed.TotalSeconds % 1.0);

        // When the lease runs for three leases
        using var stop = new CancellationTokenSource();
        var run = lease.RunAsync(stop.Token);
        await time.DriveUntilAsync(() => time.GetUtcNow() - FakeClock.Start >= Ttl * 3, run);
        await StopAsync(stop, run);

        // Then it never fences, and says why
        Assert.Null(primary.FencedAt);
        Assert.False(lease.Fenced);
        Assert.Contains(lines, l => l.Contains("not isolated, not fencing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_LocalProbeStopsAnsweringAfterTheStandbyWasLastSeen_WaitsUntilThreeQuartersOfTheLeaseBeforeFencing()
    {
        // Given a control plane that never acknowledges, and a local primary that answered (with a standby replying) for
        // its first second, then stops answering within the probe's budget
        var (time, primary, lease, lines) = Start();
        primary.Answer = elapsed => elapsed < TimeSpan.FromSeconds(1) ? Primary(standbyReplyAge: 0.1) : null;

        // When the lease runs
        using var stop = new CancellationTokenSource();
        var run = lease.RunAsync(stop.Token);
        Assert.True(await time.DriveUntilAsync(() => primary.FencedAt is not null, run), string.Join('\n', lines));
        await StopAsync(stop, run);

        // Then a timed-out probe is not taken as isolation at half the lease: the agent keeps asking, and fences the
        // unanswering primary only at three quarters of the lease after it last heard of a standby
        Assert.True(primary.FencedAt >= TimeSpan.FromSeconds(0.9) + Ttl * 3 / 4 - FakeClock.Tick, $"fenced at {primary.FencedAt}");
        Assert.Contains(lines, l => l.Contains("no fresh answer; asking again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ControlPlaneAcknowledgesEveryReport_NeverFences()
    {
        // Given a local primary with no standby, and a control plane that acknowledges every half second
        var (time, primary, lease, _) = Start();
        primary.Answer = _ => Primary(standbyReplyAge: null);

        // When the lease runs for three leases
        using var stop = new CancellationTokenSource();
        var run = lease.RunAsync(stop.Token);
        var acknowledged = FakeClock.Start;
        await time.DriveUntilAsync(
            () =>
            {
                if (time.GetUtcNow() - acknowledged >= TimeSpan.FromMilliseconds(500))
                {
                    acknowledged = time.GetUtcNow();
                    lease.Acknowledged(time.GetTimestamp());
                }

                return time.GetUtcNow() - FakeClock.Start >= Ttl * 3;
            },
            run);
        await StopAsync(stop, run);

        // Then it holds its claim and never fences
        Assert.Null(primary.FencedAt);
        Assert.True(lease.Claim.Held);
    }

    private static (FakeTimeProvider Time, LocalPrimaryStandIn Primary, SelfFencingLease Lease, ConcurrentQueue<string> Lines) Start()
    {
        var time = new FakeTimeProvider(FakeClock.Start);
        var primary = new LocalPrimaryStandIn(time);
        var lines = new ConcurrentQueue<string>();
        var call = new ProbeCall("db-primary", "primary", "database", true, LocalPrimaryStandIn.Name, Operations.Database.Status.Name,
            new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
        var lease = new SelfFencingLease(new ProviderRegistry([primary], []), new SelfFencingOptions(call, Ttl, "stop"), time, new LineProgress(lines));
        return (time, primary, lease, lines);
    }

    private static async Task StopAsync(CancellationTokenSource stop, Task run)
    {
        await stop.CancelAsync();
        await run;
    }

    private static Dictionary<string, string> Primary(double? standbyReplyAge) => new()
    {
        ["reachable"] = "true",
        ["role"] = "primary",
        ["writable"] = "true",
        [SelfFencingOptions.StandbyReplyAgeField] = standbyReplyAge?.ToString(CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The local primary: answers what <see cref="Answer"/> gives for the time since the test began, or (null) nothing.</summary>
    private sealed class LocalPrimaryStandIn(FakeTimeProvider time) : IProvider
    {
        public const string Name = "local-primary";

        public Func<TimeSpan, IReadOnlyDictionary<string, string>?> Answer { get; set; } = _ => null;

        public TimeSpan? FencedAt { get; private set; }

        public ProviderDescriptor Descriptor { get; } = new(Name, "Scripted local primary (tests).", [Operations.Database.Fence], [Operations.Database.Status], []);

        public ValueTask<OperationOutcome> ExecuteAsync(OperationRequest request, CancellationToken cancellationToken)
        {
            FencedAt ??= time.GetUtcNow() - FakeClock.Start;
            Answer = _ => new Dictionary<string, string> { ["reachable"] = "false" };
            return ValueTask.FromResult(OperationOutcome.Success(new Dictionary<string, string> { ["fenced"] = "true" }));
        }

        public async ValueTask<ProbeOutcome> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken)
        {
            if (Answer(time.GetUtcNow() - FakeClock.Start) is { } fields)
            {
                return ProbeOutcome.Observed(fields);
            }

            // No answer: the probe hangs until its budget cancels it, as one on a busy host does.
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class LineProgress(ConcurrentQueue<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Enqueue(value);
    }
}
