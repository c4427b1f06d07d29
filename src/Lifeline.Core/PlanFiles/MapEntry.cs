using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.PlanFiles;

/// <summary>One <c>name: value</c> of a scalar mapping (with, settings, env, expect), with both positions.</summary>
internal sealed record MapEntry(string Key, string Value, SourceLocation KeyLocation, SourceLocation ValueLocation);
