using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates;

/// <summary>
/// Who is engaged at each level, and how long after the incident opens. <paramref name="Executive"/> marks the level a
/// P1 pages at once; the list order says nothing about it, because runbooks put compliance or legal after the CTO.
/// </summary>
public sealed record EscalationLevel(int Level, IReadOnlyList<string> Contacts, TimeSpan After, SourceLocation Location, bool Executive = false);
