using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;

namespace Lifeline.Engine.Scheduling;

/// <summary>
/// What to run. <see cref="Since"/> starts the RTO clock at the incident's start rather than the run's.
/// </summary>
public sealed record StartRunRequest(
    LoadedEstate Estate,
    string Scenario,
    RunMode Mode,
    string Profile,
    IReadOnlyDictionary<string, string> Inputs,
    RunBehaviour Behaviour,
    string StartedBy,
    DateTimeOffset? Since = null);
