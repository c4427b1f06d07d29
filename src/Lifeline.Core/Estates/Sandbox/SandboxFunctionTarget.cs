namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// A function of the estate as production names it (<see cref="Region"/> and <see cref="Function"/>, the parts of its ARN)
/// and the sandbox's process service standing in for it: what lets a sandbox gateway turn a Lambda ARN into a local URL.
/// </summary>
public sealed record SandboxFunctionTarget(string Region, string Function, string Service);
