namespace Lifeline.Sandbox.Demo;

/// <summary>How the demo drill runs: where, how fast the decision criterion is, and whether writes are synchronous.</summary>
internal sealed record DemoOptions(
    string EstateDirectory,
    string SandboxDirectory,
    string StatePath,
    bool Sync,
    bool Keep,
    TimeSpan CriteriaWindow,
    double WritesPerSecond)
{
    /// <summary>Channels the drill's messages also go to (e.g. <c>--notify-smtp</c>, <c>--notify-webhook</c>).</summary>
    public IReadOnlyList<Engine.Scheduling.ChannelOverride> ExtraChannels { get; init; } = [];

    /// <summary>How often status updates go out during the drill: the runbook's 30 minutes, shortened like the criterion window.</summary>
    public TimeSpan UpdateInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the reduced-load validation runs: the runbook's 60 s, shortened so the drill stays quick.</summary>
    public TimeSpan LoadDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Start the recovery from the monitor's detection instead of right after the fault (<c>demo --auto</c>).</summary>
    public bool Auto { get; init; }

    /// <summary>How often the monitor probes when <see cref="Auto"/> is set.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Who the drill's run is started by (the server passes the signed-in user).</summary>
    public string StartedBy { get; init; } = "lifeline demo";

    /// <summary>
    /// Grant gates automatically (the CLI demo). The server turns this off so people approve the drill's gate, under the
    /// four-eyes rule, and the run waits at the gate for them.
    /// </summary>
    public bool AutoApprove { get; init; } = true;

    public const string Scenario = "region-failover";
    public const string Profile = "sandbox";
    public const string Fault = "primary-site";

    /// <summary>
    /// Replaces the drill scenario's faults (<c>--fault</c>): <see cref="Fault"/> (SIGKILL of the primary site) or partition-site
    /// (its packets dropped); null keeps the scenario's.
    /// </summary>
    public string? FaultName { get; init; }

    /// <summary>The estate's drill scenario to run (<c>--scenario</c>); null runs the first of its <c>sandbox.scenarios</c>.</summary>
    public string? ScenarioName { get; init; }

    /// <summary>
    /// Told what the sandbox built once it is up, before the drill: a calendar drill keeps its ports, to check after the
    /// tear-down that none is still bound.
    /// </summary>
    public Action<Environment.SandboxState>? SandboxUp { get; init; }
}
