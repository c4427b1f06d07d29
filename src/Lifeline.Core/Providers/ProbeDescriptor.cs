namespace Lifeline.Core.Providers;

/// <summary>A probe's contract: its inputs and the observation fields a check can set expectations on.</summary>
public sealed record ProbeDescriptor(string Name, string Description, IReadOnlyList<ParameterDescriptor> Inputs, IReadOnlyList<string> Fields);
