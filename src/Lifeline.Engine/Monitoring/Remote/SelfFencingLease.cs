using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;

namespace Lifeline.Engine.Monitoring.Remote;

/// <summary>
/// The agent's half of the primary-role lease (pg_auto_failover's rule). Every acknowledged report renews it. When
/// neither the control plane nor any standby has been heard for half the lease, the agent fences its local primary
/// itself, so that it is fenced before the lease expires and the control plane promotes a standby. Losing only the
/// control plane never fences: a standby that still replicates from the primary means the site is not isolated.
/// </summary>
public sealed class SelfFencingLease(ProviderRegistry providers, SelfFencingOptions options, TimeProvider time, IProgress<string> progress)
{
    private readonly Lock _lock = new();
    private long _renewed;
    private bool _held;
    private bool _fenced;
    private bool _sparedReported;
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

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        long renewed;
        lock (_lock)
        {
            renewed = _renewed;
        }

        var silent = time.GetElapsedTime(renewed);
        var status = await LocalStatusAsync(cancellationToken);
        bool primary;
        lock (_lock)
        {
            // Only a definite answer changes what the agent claims: a local probe that timed out on a busy host says
            // nothing, and must not release a lease the control plane would then stop waiting for.
            if (status.Count > 0)
            {
                _held = status.GetValueOrDefault("reachable") == "true" && status.GetValueOrDefault("role") == "primary";
            }

            primary = _held;
        }

        if (silent < options.FenceAfter)
        {
            _sparedReported = false;
            return;
        }

        if (!primary)
        {
            return;
        }

        if (StandbyReplyAge(status) is { } age && age < options.FenceAfter.TotalSeconds)
        {
            if (!_sparedReported)
            {
                _sparedReported = true;
                progress.Report($"control plane silent for {Seconds(silent)}, but a standby answered {Resource} {Seconds(age)} ago: not isolated, not fencing");
            }

            return;
        }

        progress.Report($"isolated: control plane silent for {Seconds(silent)} and no standby answered {Resource} within {Seconds(options.FenceAfter)}; fencing it ({options.FenceMethod}) before the lease expires");
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

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Clamp(options.Ttl / 6, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2)));
        try
        {
            var context = new StepContext("agent", "lease", 1, 0, RunMode.Live, new ProgressLog(null));
            var outcome = await provider.ProbeAsync(new ProbeRequest(options.Local.Probe, Resource, options.Local.Settings, options.Local.Inputs, context), limit.Token).AsTask().WaitAsync(limit.Token);
            return outcome.Fields;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A local primary that does not answer within the budget is treated as not known to be a primary; it is
            // asked again next tick, and a fence is only attempted on one that answered as a primary.
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
