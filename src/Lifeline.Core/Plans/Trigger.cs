using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Plans;

/// <summary>
/// The failover criterion from the runbook, e.g. <c>site-unreachable: primary</c> for <c>30m</c>. Detection evaluates it;
/// a plan run started by hand records it as the criterion it claims.
/// </summary>
public sealed record Trigger(string Kind, string Subject, TimeSpan For, SourceLocation Location);
