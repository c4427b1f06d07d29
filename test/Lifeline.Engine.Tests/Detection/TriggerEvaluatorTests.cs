using Lifeline.Core.Diagnostics;
using Lifeline.Core.Plans;
using Lifeline.Engine.Detection;
using Lifeline.Engine.Monitoring;
using Microsoft.Extensions.Time.Testing;

namespace Lifeline.Engine.Tests.Detection;

/// <summary>
/// The window counts continuous evidence only: 250 ms probes, a 1 s window, observations written straight into the
/// window on fake time (the evaluator is pure; the monitor's loop and the real sandbox are tested elsewhere).
/// </summary>
public sealed class TriggerEvaluatorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly Trigger DatabaseDown = new("database-unreachable", "db-a", Window, SourceLocation.None) { Decision = DecisionPolicy.Auto };
    private static readonly Trigger ApiDown = new("service-unhealthy", "api", Window, SourceLocation.None) { Decision = DecisionPolicy.Auto };

    private static readonly IReadOnlyList<ProbeCall> Calls =
    [
        Call("api", "http"),
        Call("db-a", "postgres"),
        Call("db-b", "postgres"),
    ];

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ObservationWindow _window = new() { DefaultCadence = Interval };

    [Fact]
    public void Evaluate_SingleFailedProbeAfterAMonitorStall_DoesNotHold()
    {
        // Given the API seen healthy every 250 ms
        Rounds(8, ("control", "api", false));

        // When the monitor stalls for 4 s and its first observation after the stall is a failure
        _time.Advance(TimeSpan.FromSeconds(4));
        Observe("control", "api", healthy: false);

        // Then the trigger does not hold: the gap restarted the evidence (the old lease-like count held here at once)
        var assessment = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());
        Assert.False(assessment.Holds, assessment.Evidence);
        Assert.Equal(_time.GetUtcNow(), assessment.DownSince);
    }

    [Fact]
    public void Evaluate_FailuresAfterAStallGap_HoldOnlyAWindowAfterTheGap()
    {
        // Given failures before a 3 s stall, and failures after it
        Rounds(3, ("control", "api", true));
        _time.Advance(TimeSpan.FromSeconds(3));
        var restarted = _time.GetUtcNow();
        Observe("control", "api", healthy: false);

        // When failures continue after the stall, short of the window
        Rounds(3, ("control", "api", true));

        // Then the window counts from the first failure after the gap, not from before the stall
        var early = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());
        Assert.False(early.Holds, early.Evidence);
        Assert.Equal(restarted, early.DownSince);

        // And once the post-stall evidence spans the window, it holds
        Rounds(1, ("control", "api", true));
        var held = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());
        Assert.True(held.Holds, held.Evidence);
        Assert.Contains("continuously", held.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FailuresAfterAStallGap_DateTheOutageFromTheLastHealthyObservationBeforeIt()
    {
        // Given the API healthy, then failing, then a 3 s stall of the monitor, then failing again for the window
        Rounds(4, ("control", "api", false));
        var lastHealthy = _time.GetUtcNow();
        Rounds(2, ("control", "api", true));
        _time.Advance(TimeSpan.FromSeconds(3));
        var restarted = _time.GetUtcNow();
        Observe("control", "api", healthy: false);
        Rounds(4, ("control", "api", true));

        // When it is evaluated
        var held = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());

        // Then the decision rests on the evidence after the stall, but the outage dates from the last healthy
        // observation: the RTO clock and a lease's "lapsed before the outage" must not start 3 s late
        Assert.True(held.Holds, held.Evidence);
        Assert.Equal(restarted, held.DownSince);
        Assert.Equal(lastHealthy, held.OutageBegan);
    }

    [Fact]
    public void Evaluate_NeverSeenHealthy_DatesTheOutageFromTheEvidence()
    {
        // Given a monitor that has only ever seen the API fail
        var first = _time.GetUtcNow() + Interval;
        Rounds(5, ("control", "api", true));

        // Then the outage dates from the first failure it saw
        var held = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());
        Assert.True(held.Holds, held.Evidence);
        Assert.Equal(first, held.OutageBegan);
    }

    [Fact]
    public void Evaluate_ContinuousFailuresForTheWindow_Holds()
    {
        // Given the API healthy, then failing every round
        Rounds(4, ("control", "api", false));
        var first = _time.GetUtcNow() + Interval;
        Rounds(4, ("control", "api", true));

        // When the failures have lasted 750 ms, then 1 s
        var short1 = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());
        Rounds(1, ("control", "api", true));
        var full = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());

        // Then it holds exactly when the continuous evidence spans the window, counted from the first failure
        Assert.False(short1.Holds, short1.Evidence);
        Assert.True(full.Holds, full.Evidence);
        Assert.Equal(first, full.DownSince);
    }

    [Fact]
    public void Evaluate_MonitorQuietSinceItsLastFailure_DoesNotHold()
    {
        // Given failures for longer than the window, and then no observation for 2 s (the monitor is stalled right now)
        Rounds(8, ("control", "api", true));
        _time.Advance(TimeSpan.FromSeconds(2));

        // Then the evidence does not reach the present, so it proves nothing about now
        Assert.False(Evaluator().Evaluate(ApiDown, _time.GetUtcNow()).Holds);
    }

    [Fact]
    public void Evaluate_EvaluatedLateAfterTheLastFailure_CountsOnlyTheObservedSpan()
    {
        // Given failures observed over 750 ms, and an evaluation 300 ms after the last one (a busy host)
        Rounds(4, ("control", "api", true));
        _time.Advance(TimeSpan.FromMilliseconds(300));

        // Then the evidence spans 750 ms, not 1.05 s: the delay observed nothing
        Assert.False(Evaluator().Evaluate(ApiDown, _time.GetUtcNow()).Holds);
    }

    [Fact]
    public void Evaluate_AgentWentSilent_RestartsThatVantagePointsEvidence()
    {
        // Given two vantage points (a majority needs both) that see the API fail
        Rounds(4, ("control", "api", true), ("agent-a", "api", true));

        // When the agent goes silent for 1 s while the control plane keeps failing it, then the agent reports again
        for (var i = 0; i < 4; i++)
        {
            Rounds(1, ("control", "api", true));
        }

        Rounds(1, ("control", "api", true), ("agent-a", "api", true));
        var agentBack = _time.GetUtcNow();

        // Then the control plane has 2 s of evidence, but the agent's restarted with its first report after the silence
        var assessment = Evaluator().Evaluate(ApiDown, _time.GetUtcNow());
        Assert.False(assessment.Holds, assessment.Evidence);
        Assert.Equal(agentBack, assessment.DownSince);

        // And once the agent's own new evidence spans the window, the majority holds
        Rounds(4, ("control", "api", true), ("agent-a", "api", true));
        Assert.True(Evaluator().Evaluate(ApiDown, _time.GetUtcNow()).Holds);
    }

    [Fact]
    public void Evaluate_AgentWithASlowerCadence_IsContinuousAtItsOwnInterval()
    {
        // Given an agent that said it probes every second, reporting a failure each second
        _window.SetCadence("agent-a", TimeSpan.FromSeconds(1));
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Observe("agent-a", "api", healthy: false);
        }

        // Then its 1 s gaps are not breaks: two seconds of evidence from it alone hold the trigger
        Assert.True(Evaluator().Evaluate(ApiDown, _time.GetUtcNow()).Holds);
    }

    [Fact]
    public void Evaluate_IdlePrimaryWhoseStandbyHearsKeepalives_DoesNotHold()
    {
        // Given the monitor has lost the primary for well over the window, while the standby of an idle primary hears
        // keepalives every ~0.3 s (wal_receiver_timeout 400ms, trusted for a 1 s window)
        Rounds(8, ("control", "db-a", true));
        var standby = Standby("streaming", age: "0.3", receiverTimeoutMs: "400");
        Observe("control", "db-b", healthy: true, standby);

        // Then the standby still hears from the primary: no failover
        var assessment = Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow());
        Assert.False(assessment.Holds, assessment.Evidence);
        Assert.Contains("still hears from the primary", assessment.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StandbyOldMessageButKeepalivesTooRare_IsNoEvidence()
    {
        // Given the primary lost for the window, and a standby whose last message is 30 s old, with default timeouts
        // (an idle primary's keepalives come only every ~30 s, so an old message proves nothing)
        Rounds(8, ("control", "db-a", true));
        Observe("control", "db-b", healthy: true, Standby("streaming", age: "30", receiverTimeoutMs: "60000"));

        // Then the standby does not confirm
        Assert.False(Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow()).Holds);

        // While with keepalives every ~0.3 s, a 1.2 s silence does confirm
        Observe("control", "db-b", healthy: true, Standby("streaming", age: "1.2", receiverTimeoutMs: "400"));
        var assessment = Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow());
        Assert.True(assessment.Holds, assessment.Evidence);
        Assert.Contains("standbys confirm", assessment.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_StandbyDisconnectedForTheWindow_Confirms()
    {
        // Given the primary and the standby's WAL receiver both lost at once (the primary was killed)
        for (var i = 0; i < 4; i++)
        {
            Rounds(1, ("control", "db-a", true));
            Observe("control", "db-b", healthy: true, Standby("disconnected", age: "", receiverTimeoutMs: "60000"));
        }

        // Then after 750 ms there is not enough evidence; after 1 s of both, the standby confirms
        Assert.False(Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow()).Holds);
        Rounds(1, ("control", "db-a", true));
        Observe("control", "db-b", healthy: true, Standby("disconnected", age: "", receiverTimeoutMs: "60000"));
        Assert.True(Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow()).Holds);
    }

    [Fact]
    public void Evaluate_StandbyDisconnectedWithOneUnansweredProbe_StillConfirmsButAStreamingAnswerRestarts()
    {
        // Given the primary lost and the standby disconnected, one of whose probes timed out on a busy host
        for (var i = 0; i < 5; i++)
        {
            Rounds(1, ("control", "db-a", true));
            var answered = i != 2;
            Observe("control", "db-b", healthy: answered, answered ? Standby("disconnected", age: "", receiverTimeoutMs: "60000") : new Dictionary<string, string> { ["reachable"] = "false" });
        }

        // Then the unanswered probe does not break the standby's evidence: it confirms after 1 s
        var assessment = Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow());
        Assert.True(assessment.Holds, assessment.Evidence);

        // But a streaming answer in between does: the disconnected evidence restarts after it
        Observe("control", "db-b", healthy: true, Standby("streaming", age: "0.1", receiverTimeoutMs: "60000"));
        Rounds(1, ("control", "db-a", true));
        Observe("control", "db-b", healthy: true, Standby("disconnected", age: "", receiverTimeoutMs: "60000"));
        Assert.False(Evaluator().Evaluate(DatabaseDown, _time.GetUtcNow()).Holds);
    }

    [Fact]
    public void Problems_DefaultReceiverTimeout_NamesTheSettingInOneLine()
    {
        var problems = StandbyKeepalive.Problems("db-b", StandbyObservation("60000"), null, null, TimeSpan.FromSeconds(3));

        var line = Assert.Single(problems);
        Assert.StartsWith("db-b: wal_receiver_timeout is 1m,", line, StringComparison.Ordinal);
        Assert.Contains("at most 2.8s", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Empty(StandbyKeepalive.Problems("db-b", StandbyObservation("1000"), null, null, TimeSpan.FromSeconds(3)));
    }

    private TriggerEvaluator Evaluator() => new(Calls, _window, Interval * 3);

    /// <summary>Advances one interval per round, then records each (vantage, resource, failed) observation at that instant.</summary>
    private void Rounds(int count, params (string Vantage, string Resource, bool Failed)[] observations)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(Interval);
            foreach (var (vantage, resource, failed) in observations)
            {
                Observe(vantage, resource, !failed);
            }
        }
    }

    private void Observe(string vantage, string resource, bool healthy, Dictionary<string, string>? fields = null) =>
        _window.Add(new Observation(resource, vantage, _time.GetUtcNow(), healthy, fields ?? new Dictionary<string, string> { ["reachable"] = healthy ? "true" : "false", ["role"] = "primary" }, healthy ? "ok" : "down"));

    private static Dictionary<string, string> Standby(string state, string age, string receiverTimeoutMs) => new()
    {
        ["reachable"] = "true",
        ["role"] = "standby",
        ["replication_state"] = state,
        ["last_wal_receipt_age_s"] = age,
        [StandbyKeepalive.ReceiverTimeoutField] = receiverTimeoutMs,
        [StandbyKeepalive.SenderTimeoutField] = "60000",
        [StandbyKeepalive.StatusIntervalField] = "10",
    };

    private Observation StandbyObservation(string receiverTimeoutMs) => new("db-b", "control", _time.GetUtcNow(), true, Standby("streaming", "0.1", receiverTimeoutMs), "standby");

    private static ProbeCall Call(string resource, string kind) =>
        new(resource, "primary", kind, true, "scripted", kind == "postgres" ? "database.status" : "http.get", new Dictionary<string, string>(), new Dictionary<string, string>(), new Dictionary<string, string>());
}
