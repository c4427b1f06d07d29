using Lifeline.Core.Estates.Sandbox;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// One drill scenario of a demo, ready to run: the estate loaded with the scenario's inputs, its plan, and the faults
/// (the scenario's, or <c>--fault</c>'s for the scenario asked for).
/// </summary>
internal sealed record DemoSegment(SandboxScenario Scenario, LoadedEstate Loaded, Plan Plan, Dictionary<string, string> Inputs, IReadOnlyList<SandboxFault> Faults, bool Last);
