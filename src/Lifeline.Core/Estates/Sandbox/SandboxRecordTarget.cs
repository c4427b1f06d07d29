namespace Lifeline.Core.Estates.Sandbox;

/// <summary>What a DNS record of the sandbox answers with: the instance addresses of <see cref="Component"/> in <see cref="Site"/>.</summary>
public sealed record SandboxRecordTarget(string Component, string Site);
