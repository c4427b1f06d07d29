using Lifeline.Engine.Deliveries;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Engine.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Deliveries;

/// <summary>
/// The outbox on fake time, against real channels on loopback: a webhook server that answers as scripted, and a TCP
/// listener that accepts and never answers (for the webhook and SMTP providers alike).
/// </summary>
public sealed class DeliveryOutboxTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private const string NotifyThenAct = """
        scenario: notified
        severity: P2
        phases:
          - id: only
            name: Only
            budget: 1m
            steps:
              - { id: tell, notify: { to: [ops], subject: "Failover started", message: "We are failing over." } }
              - { id: act, action: noop.run, needs: [tell] }
        """;

    [Fact]
    public async Task Notify_EveryChannelBlackHoled_RunFinishesWithoutWaitingAndEachNoticeIsUndelivered()
    {
        // Given a webhook and an SMTP relay that accept connections and never answer, and a fake clock that nobody moves
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        await using var hole = new BlackHoleListener();
        var behaviour = RunBehaviour.Default with
        {
            ExtraChannels = [Webhook($"http://127.0.0.1:{hole.Port}/"), Smtp(hole.Port)],
            Deliveries = DeliveryPolicy.Default with { Grace = TimeSpan.FromSeconds(30) },
        };

        // When the run executes
        var running = harness.StartAsync(NotifyThenAct, behaviour);

        // Then it finishes (on a clock that has not moved) while both deliveries hang
        await UntilAsync(() => Kinds(harness).Contains(RunEventKind.RunFinished) && hole.Accepted >= 2, () => $"accepted {hole.Accepted}; events:\n{string.Join("\n", Events(harness).Select(e => $"{e.Kind} {e.Message}"))}");
        var finished = Events(harness).Single(e => e.Kind == RunEventKind.RunFinished);
        Assert.Equal(Start, finished.At);
        Assert.Contains("run succeeded", finished.Message, StringComparison.Ordinal);
        Assert.False(running.IsCompleted, "the process waits the grace period for deliveries in flight");

        // And when the grace period has passed, each notice is recorded as undelivered, with why, not dropped
        await DriveAsync(time, () => running.IsCompleted, TimeSpan.FromSeconds(1));
        var report = await running.WaitAsync(Patience);
        Assert.Equal("succeeded", report.Status);
        var deliveries = await harness.Store.GetDeliveriesAsync(report.RunId, CancellationToken.None);
        Assert.Equal(["smtp", "webhook"], deliveries.Select(d => d.Channel).Order(StringComparer.Ordinal));
        Assert.All(deliveries, d =>
        {
            Assert.Equal(DeliveryStatus.Undelivered, d.Status);
            Assert.True(d.Attempts >= 1);
            Assert.Contains("process ended before it was delivered", d.Error, StringComparison.Ordinal);
        });
        Assert.Equal(2, Events(harness).Count(e => e.Kind == RunEventKind.NoticeUndelivered));
        Assert.Contains(report.Warnings, w => w.Contains("NOT delivered through smtp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notify_ChannelFailsTwiceThenAnswers_RetriesWithBackoffAndRecordsSent()
    {
        // Given a webhook that answers 503 twice, then 200
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        await using var server = new ScriptedHttpServer(503, 503, 200);
        var behaviour = RunBehaviour.Default with { ExtraChannels = [Webhook(server.Url)] };

        // When the run executes and the clock moves on only as far as the backoff needs
        var running = harness.StartAsync(NotifyThenAct, behaviour);
        await server.WaitForAsync(1, Patience);
        await DriveAsync(time, () => server.Count >= 3, TimeSpan.FromMilliseconds(500));
        var report = await running.WaitAsync(Patience);

        // Then it was delivered on the third attempt, after waits of 1 s and 2 s, and each retry is on the timeline
        var delivery = Assert.Single(await harness.Store.GetDeliveriesAsync(report.RunId, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Sent, delivery.Status);
        Assert.Equal(3, delivery.Attempts);
        var events = Events(harness);
        Assert.Equal(2, events.Count(e => e.Kind == RunEventKind.NoticeRetrying));
        var queued = events.Single(e => e.Kind == RunEventKind.NoticeQueued).At;
        var sent = events.Single(e => e.Kind == RunEventKind.NoticeSent).At;
        Assert.True(sent - queued >= TimeSpan.FromSeconds(3), $"sent {sent - queued} after queueing");
        Assert.Contains(events, e => e.Kind == RunEventKind.NoticeRetrying && e.Message.Contains("answered 503", StringComparison.Ordinal) && e.Message.Contains("retrying in 1s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notify_ChannelRefusesForGood_FailsAtOnceWithoutRetrying()
    {
        // Given a webhook that answers 400 (the request itself is wrong)
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        await using var server = new ScriptedHttpServer(400);

        // When the run executes
        var report = await harness.StartAsync(NotifyThenAct, RunBehaviour.Default with { ExtraChannels = [Webhook(server.Url)] }).WaitAsync(Patience);

        // Then the run succeeded, and the notice failed after one attempt, saying why
        Assert.Equal("succeeded", report.Status);
        var delivery = Assert.Single(await harness.Store.GetDeliveriesAsync(report.RunId, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Failed, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.StartsWith("refused: webhook:", delivery.Error, StringComparison.Ordinal);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task Notify_WaitForDeliveryAndChannelAnswers_StepSucceedsAfterDelivery()
    {
        // Given a notification channel that works, and a step that must be delivered before the run goes on
        await using var harness = await EngineHarness.CreateAsync();
        await using var server = new ScriptedHttpServer(200);

        // When the run executes
        var report = await harness.StartAsync(Regulator("1m"), extraResources: Channel(server.Url)).WaitAsync(Patience);

        // Then the step succeeded with the delivery confirmed
        Assert.Equal("succeeded", report.Status);
        var tell = report.Steps.Single(s => s.Id == "tell");
        Assert.Equal("true", tell.Outputs["delivered"]);
        Assert.Equal(DeliveryStatus.Sent, Assert.Single(await harness.Store.GetDeliveriesAsync(report.RunId, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Notify_WaitForDeliveryAndChannelBlackHoled_StepFailsAtItsDeliveryTimeout()
    {
        // Given a channel that never answers, and a step that must be delivered within 5 s
        var time = new FakeTimeProvider(Start);
        await using var harness = await EngineHarness.CreateAsync(time);
        await using var hole = new BlackHoleListener();

        // When the run executes and the clock moves on
        var running = harness.StartAsync(Regulator("5s"), extraResources: Channel($"http://127.0.0.1:{hole.Port}/"));
        await UntilAsync(() => hole.Accepted >= 1);
        await DriveAsync(time, () => running.IsCompleted, TimeSpan.FromSeconds(1));
        var report = await running.WaitAsync(Patience);

        // Then the step failed when its delivery timeout passed (and said so), and the notice is reported undelivered
        Assert.Equal("failed", report.Status);
        var tell = report.Steps.Single(s => s.Id == "tell");
        Assert.Contains("not delivered through pager within 5s (wait-for-delivery)", tell.Error, StringComparison.Ordinal);
        var failedAt = Events(harness).Single(e => e.Kind == RunEventKind.StepFailed && e.StepId == "tell").At;
        Assert.True(failedAt - Start >= TimeSpan.FromSeconds(5), $"failed {failedAt - Start} after the start");
        var delivery = Assert.Single(await harness.Store.GetDeliveriesAsync(report.RunId, CancellationToken.None));
        Assert.True(delivery.Required);
        Assert.NotEqual(DeliveryStatus.Sent, delivery.Status);
    }

    [Fact]
    public async Task Resume_DeliveryLeftQueuedByAKilledProcess_IsReportedUndelivered()
    {
        // Given a parked run, and a delivery its (killed) process had queued and never finished
        await using var harness = await EngineHarness.CreateAsync();
        var parked = await harness.StartAsync("""
            scenario: gated
            severity: P2
            phases:
              - id: decide
                name: Decide
                budget: 1h
                steps:
                  - id: gate
                    approval: { prompt: Fail over?, approvers: [cto, ops], count: 1 }
                  - { id: act, action: noop.run, needs: [gate] }
            """);
        var at = harness.Time.GetUtcNow();
        var orphan = new DeliveryRecord(0, parked.RunId, "gate", "smtp", "smtp", "ops", "Failover started", false, DeliveryStatus.Queued, 1, "smtp: no answer within 10s", at, at);
        await harness.Store.EnqueueDeliveryAsync(orphan, new RunEvent(parked.RunId, at, RunEventKind.NoticeQueued, "decide", "gate", 0, "notice to ops queued for smtp: Failover started"), CancellationToken.None);

        // When the run is approved and resumed
        Assert.Null(await harness.Runs.DecideAsync(parked.RunId, "gate", DecisionKind.Approve, "ops", null, CancellationToken.None));
        var report = await harness.ResumeAsync(parked.RunId);

        // Then the orphan is on record as undelivered, saying why, and not left queued
        Assert.Equal("succeeded", report.Status);
        var delivery = Assert.Single(await harness.Store.GetDeliveriesAsync(parked.RunId, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Undelivered, delivery.Status);
        Assert.Contains("the process that queued it ended", delivery.Error, StringComparison.Ordinal);
        Assert.Contains(report.Warnings, w => w.Contains("NOT delivered through smtp", StringComparison.Ordinal));
    }

    private static string Regulator(string timeout) => $$"""
        scenario: regulated
        severity: P1
        phases:
          - id: only
            name: Only
            budget: 1m
            steps:
              - { id: tell, notify: { to: [cto], subject: "Breach notice", message: "Notifying the regulator.", channel: pager, wait-for-delivery: true, delivery-timeout: {{timeout}} } }
              - { id: act, action: noop.run, needs: [tell] }
        """;

    private static string Channel(string url) => $$"""
          pager:
            kind: notification-channel
            site: here
            bindings:
              test: { provider: webhook, settings: { url: "{{url}}" } }
        """;

    private static ChannelOverride Webhook(string url) => new("webhook", new Dictionary<string, string> { ["url"] = url });

    private static ChannelOverride Smtp(int port) => new("smtp", new Dictionary<string, string>
    {
        ["host"] = "127.0.0.1",
        ["port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["from"] = "lifeline@example.invalid",
        ["addresses"] = "ops=ops@example.invalid",
        ["security"] = "none",
    });

    private static List<RunEvent> Events(EngineHarness harness)
    {
        lock (harness.Events)
        {
            return [.. harness.Events];
        }
    }

    private static HashSet<RunEventKind> Kinds(EngineHarness harness) => [.. Events(harness).Select(e => e.Kind)];

    /// <summary>Waits (on the real clock, bounded) for something other threads do; the fake clock stays where it is.</summary>
    private static async Task UntilAsync(Func<bool> condition, Func<string>? describe = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, describe?.Invoke() ?? "the condition never held");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>Moves the fake clock on by <paramref name="step"/> at a time until <paramref name="done"/>, letting the work run in between.</summary>
    private static async Task DriveAsync(FakeTimeProvider time, Func<bool> done, TimeSpan step)
    {
        using var cancel = new CancellationTokenSource(Patience);
        while (!done())
        {
            time.Advance(step);
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancel.Token);
        }
    }
}
