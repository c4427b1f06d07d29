namespace Lifeline.Core.Estates.Sandbox;

/// <summary>A fault word of the sandbox, what it takes as its target, and what it does.</summary>
public sealed record SandboxFaultShape(string Word, SandboxFaultTarget Target, string Description);
