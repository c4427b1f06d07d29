using Lifeline.Engine.Runs;

namespace Lifeline.Engine.Drills;

/// <summary>
/// The one seam through which a host wires drills against a local drill environment (the sandbox). Production code
/// knows only this: the CLI host registers the sandbox's implementation; a host without one has no sandbox drills.
/// </summary>
public interface IDrillEnvironment
{
    /// <summary>The profile whose bindings the environment provides (e.g. <c>sandbox</c>).</summary>
    string Profile { get; }

    /// <summary>The scenario a whole drill recovers from (e.g. <c>region-failover</c>).</summary>
    string Scenario { get; }

    /// <summary>Where an environment runs when nobody says where (<c>$LIFELINE_SANDBOX_DIR</c>, else the standard directory).</summary>
    string DefaultDirectory { get; }

    /// <summary>
    /// The settings of the environment running in <paramref name="directory"/>: what a drill's <c>${{ env.X }}</c> and
    /// default secrets read. A failure when none runs there.
    /// </summary>
    Task<DrillSettings> SettingsAsync(string directory, CancellationToken cancellationToken);

    /// <summary>A whole drill: environment up, workload, fault, the scenario's plan as a drill run, measurements, environment down.</summary>
    Task<DrillOutcome> RunAsync(DrillRequest request, IProgress<string> progress, IRunObserver observer, CancellationToken cancellationToken);
}
