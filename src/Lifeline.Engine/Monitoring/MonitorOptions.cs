using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Scheduling;

namespace Lifeline.Engine.Monitoring;

/// <summary>
/// What the monitor watches and how: the loaded estate in one profile, the vantage point it probes from, the probe
/// interval and timeout, and how the runs it starts behave.
/// </summary>
public sealed record MonitorOptions(LoadedEstate Estate, string Profile, RunMode Mode, string StatePath)
{
    public const string Actor = "lifeline monitor";

    /// <summary>The input a plan's trigger window comes from; runs the monitor starts get 0s, as it observed the window already.</summary>
    public const string CriteriaWindowInput = "criteria-window";

    /// <summary>
    /// The input a plan's assessment checks take their timeout from; runs the monitor starts get the probe timeout, as
    /// the monitor's own observations are the evidence and the run only confirms them (a partition must not be waited out).
    /// </summary>
    public const string CheckTimeoutInput = "check-timeout";

    public string Vantage { get; init; } = "control";

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A probe slower than this is a failed observation; defaults to 80 % of the interval.</summary>
    public TimeSpan? ProbeTimeout { get; init; }

    /// <summary>Inputs given to every run the monitor starts.</summary>
    public IReadOnlyDictionary<string, string> RunInputs { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<ChannelOverride> ExtraChannels { get; init; } = [];

    /// <summary>Replaces every trigger's decision policy (drills: <c>demo --auto</c>); null keeps each plan's own.</summary>
    public Core.Plans.DecisionPolicy? DecisionOverride { get; init; }

    /// <summary>When set, the monitor also pages due escalation levels and sends breach reminders through it.</summary>
    public Incidents.Escalation.IIncidentNotifier? Escalation { get; init; }

    /// <summary>How often escalations are evaluated when <see cref="Escalation"/> is set.</summary>
    public TimeSpan EscalationInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Observations older than this do not count; a vantage point that stopped reporting drops out of the vote.</summary>
    public TimeSpan Freshness => Interval * 3;

    public TimeSpan EffectiveProbeTimeout => ProbeTimeout ?? Interval * 0.8;

    /// <summary>How long past a primary-role lease's ttl the monitor waits before relying on it having expired.</summary>
    public TimeSpan LeaseMargin { get; init; } = TimeSpan.FromSeconds(1);
}
