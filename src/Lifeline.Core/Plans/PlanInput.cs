using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Plans;

/// <summary>A value given when the run starts (<c>--input name=value</c>), referenced as <c>${{ inputs.name }}</c>.</summary>
public sealed record PlanInput(string Name, string? Default, string Description, SourceLocation Location);
