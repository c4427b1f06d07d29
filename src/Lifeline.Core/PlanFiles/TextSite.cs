using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.PlanFiles;

/// <summary>A string that may hold <c>${{ … }}</c> expressions, and where it was written.</summary>
internal sealed record TextSite(string Text, SourceLocation Location);
