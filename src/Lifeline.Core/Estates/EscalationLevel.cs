using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>Who is engaged at each level, and how long after the incident opens.</summary>
public sealed record EscalationLevel(int Level, IReadOnlyList<string> Contacts, TimeSpan After, SourceLocation Location);
