using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates.Sandbox;

/// <summary>One fault of a drill scenario, as <c>lifeline sandbox fault</c> takes it: a fault word and its target, if any.</summary>
public sealed record SandboxFault(string Word, string? Target, SourceLocation Location)
{
    public override string ToString() => Target is null ? Word : $"{Word} {Target}";
}
