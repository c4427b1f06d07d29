using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// The agent's half of the primary-role lease (pg_auto_failover's rule). Every acknowledged report renews it. When
/// neither the control plane nor any standby has been heard for half the lease, the agent fences its local primary
/// itself, so that it is fenced before the lease expires and the control plane promotes a standby. Losing only the
/// control plane never fences: a standby that still replicates from the primary means the site is not isolated. The
/// decision needs a fresh, definite answer from the local primary: a probe that times out or answers late (a busy host,
/// a stalled agent) is asked again, and only a primary still unanswered at three quarters of the lease is fenced unasked.
/// </summary>
public sealed class SelfFencingLease(ProviderRegistry providers, SelfFencingOptions options, TimeProvider time, IProgress<string> progress)
{
    private readonly Lock _lock = new();
    private long _renewed;
    private bool _held;
    private bool _fenced;
    private long? _standbyHeard;
    private bool _sparedReported;
    private bool _waitingReported;
    private Task _pending = Task.CompletedTask;

    public string Resource => options.Local.Resource;

    /// <summary>What the next report claims: held while the local primary runs as a primary and is not fenced.</summary>
    public LeaseClaim Claim
    {
        get
        {
            lock (_lock)
            {
                return new LeaseClaim(Resource, options.Ttl.TotalSeconds, _held && !_fenced);
            }
        }
    }

    public bool Fenced
    {
        get
        {
            lock (_lock)
            {
                return _fenced;
            }
        }
    }

    /// <summary>The control plane acknowledged a report sent at <paramref name="sentAt"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public void Acknowledged(long sentAt)
    {
        lock (_lock)
        {
            _renewed = Math.Max(_renewed, sentAt);
        }
    }

    /// <summary>Watches the lease until cancelled; fences at most once.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // No acknowledgement yet: the lease starts when the agent does, so an agent that never reaches the control
            // plane still fences its primary when it cannot see a standby either.
            _renewed = time.GetTimestamp();
        }

        progress.Report($"lease on {Resource}'s primary role: ttl {Seconds(options.Ttl)}; fences ({options.FenceMethod}) after {Seconds(options.FenceAfter)} without the control plane or a standby");
        while (!cancellationToken.IsCancellationRequested && !Fenced)
        {
            try
            {
                await StepAsync(cancellationToken);
                await Task.Delay(Tick, time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        try
        {
            // A stop still completing is left to finish on its own clock, but never abandoned unobserved.
            await _pending.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private TimeSpan Tick => Clamp(options.Ttl / 20, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250));

    private TimeSpan ProbeBudget => Clamp(options.Ttl / 6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));

    /// <summary>Three quarters of the lease: the last moment a fence still lands before the control plane may promote.</summary>
    private TimeSpan NoAnswerDeadline => options.Ttl * 3 / 4;

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        var asked = time.GetTimestamp();
        var status = await LocalStatusAsync(cancellationToken);

        // An answer the agent waited longer for than the probe's budget (its own process or host stalled) describes a
        // moment already past: it may renew what the agent claims, but a fence is decided only on a fresh one.
        var answered = status.Count > 0;
        var fresh = answered && time.GetElapsedTime(asked) <= ProbeBudget;
        bool primary;
        long renewed;
        long? standbyHeard;
        lock (_lock)
        {
            // Only a definite answer changes what the agent claims: a local probe that timed out on a busy host says
            // nothing, and must not release a lease the control plane would then stop waiting for.
            if (answered)
            {
                _held = status.GetValueOrDefault("reachable") == "true" && status.GetValueOrDefault("role") == "primary";

                // The standby's last reply is dated from when the agent asked, never from when the answer arrived, so a
                // slow answer only makes the evidence look older.
                if (StandbyReplyAge(status) is { } age)
                {
                    var heard = asked - (long)(age * time.TimestampFrequency);
                    _standbyHeard = _standbyHeard is { } previous ? Math.Max(previous, heard) : heard;
                }
            }

            primary = _held;
            renewed = _renewed;
            standbyHeard = _standbyHeard;
        }

        var controlSilent = time.GetElapsedTime(renewed);
        if (controlSilent < options.FenceAfter)
        {
            _sparedReported = false;
            _waitingReported = false;
            return;
        }

        if (!primary)
        {
            return;
        }

        var standbySilent = standbyHeard is { } standby ? time.GetElapsedTime(standby) : TimeSpan.MaxValue;
        if (standbySilent < options.FenceAfter)
        {
            if (!_sparedReported)
            {
                _sparedReported = true;
                progress.Report($"control plane silent for {Seconds(controlSilent)}, but a standby answered {Resource} {Seconds(standbySilent)} ago: not isolated, not fencing");
            }

            return;
        }

        var silent = standbySilent < controlSilent ? standbySilent : controlSilent;
        if (!fresh && silent < NoAnswerDeadline)
        {
            // Without a fresh answer the agent does not know whether a standby still replicates, so it asks again
            // rather than fence on a slow probe; only a primary still silent this close to the lease's expiry is fenced
            // unasked, because it may still take writes from clients on its own host.
            if (!_waitingReported)
            {
                _waitingReported = true;
                progress.Report($"control plane silent for {Seconds(controlSilent)} and {Resource} gave no fresh answer; asking again before deciding (fences unasked at {Seconds(NoAnswerDeadline)})");
            }

            return;
        }

        progress.Report(fresh
            ? $"isolated: control plane silent for {Seconds(controlSilent)} and no standby answered {Resource} within {Seconds(options.FenceAfter)}; fencing it ({options.FenceMethod}) before the lease expires"
            : $"isolated: control plane silent for {Seconds(controlSilent)} and {Resource} gave no fresh answer for {Seconds(silent)}; fencing it ({options.FenceMethod}) before the lease expires");
        await FenceAsync(cancellationToken);
    }

    private async Task FenceAsync(CancellationToken cancellationToken)
    {
        if (providers.Implementation(options.Local.Provider) is not { } provider)
        {
            progress.Report($"provider '{options.Local.Provider}' cannot fence {Resource} here");
            return;
        }

        var log = new ProgressLog(progress);
        var inputs = new Dictionary<string, string> { ["method"] = options.FenceMethod };
        var context = new StepContext("agent", "self-fence", 1, 0, RunMode.Live, log);
        var fencing = provider.ExecuteAsync(new OperationRequest(Operations.Database.Fence.Name, Resource, options.Local.Settings, inputs, context), cancellationToken).AsTask();

        // A stop can take long to finish (a WAL sender waits for its cut-off standby), but the server refuses writes
        // from its first moment: the fence holds once the local server no longer answers as a writable primary.
        while (!fencing.IsCompleted)
        {
            await Task.WhenAny(fencing, Task.Delay(Tick, time, cancellationToken));
            if (!fencing.IsCompleted && await LocalStatusAsync(cancellationToken) is { Count: > 0 } status
                && (status.GetValueOrDefault("reachable") != "true" || status.GetValueOrDefault("writable") != "true"))
            {
                MarkFenced($"{Resource} refuses writes ({options.FenceMethod} under way); the lease is released and stays released");
                _pending = fencing;
                return;
            }
        }

        var outcome = await fencing;
        if (outcome.Succeeded && outcome.Outputs.GetValueOrDefault("fenced") == "true")
        {
            MarkFenced($"fenced {Resource} ({options.FenceMethod}); the lease is released and stays released");
            return;
        }

        progress.Report($"fencing {Resource} failed: {outcome.Error ?? "not fenced"}; trying again");
    }

    private void MarkFenced(string message)
    {
        lock (_lock)
        {
            _fenced = true;
            _held = false;
        }

        progress.Report(message);
    }

    private async Task<IReadOnlyDictionary<string, string>> LocalStatusAsync(CancellationToken cancellationToken)
    {
        if (providers.Implementation(options.Local.Provider) is not { } provider)
        {
            return new Dictionary<string, string>();
        }

        // The budget runs on the agent's clock, like every other wait here.
        using var budget = new CancellationTokenSource(ProbeBudget, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        try
        {
            var context = new StepContext("agent", "lease", 1, 0, RunMode.Live, new ProgressLog(null));
            var outcome = await provider.ProbeAsync(new ProbeRequest(options.Local.Probe, Resource, options.Local.Settings, options.Local.Inputs, context), limit.Token).AsTask().WaitAsync(limit.Token);
            return outcome.Fields;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No answer within the budget is no answer: it is asked again next tick (see StepAsync).
            return new Dictionary<string, string>();
        }
    }

    private static double? StandbyReplyAge(IReadOnlyDictionary<string, string> status) =>
        status.TryGetValue(SelfFencingOptions.StandbyReplyAgeField, out var text)
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan min, TimeSpan max) => value < min ? min : value > max ? max : value;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + " s";

    private static string Seconds(double seconds) => seconds.ToString("0.0##", CultureInfo.InvariantCulture) + " s";

    private sealed class ProgressLog(IProgress<string>? progress) : IStepLog
    {
        public void Write(string line) => progress?.Report(line);
    }
}
