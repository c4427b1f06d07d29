using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>
/// A health probe the monitor runs against a resource's binding. A site is unreachable only when all of its critical
/// probes fail.
/// </summary>
public sealed record ResourceMonitor(string Probe, bool Critical, IReadOnlyDictionary<string, string> With, SourceLocation Location);
