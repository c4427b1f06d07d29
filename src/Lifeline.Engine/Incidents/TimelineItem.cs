namespace Lifeline.Engine.Incidents;

/// <summary>One line of an incident's timeline: from the incident's own entries, or from a linked run.</summary>
public sealed record TimelineItem(DateTimeOffset At, string Source, string Kind, string Who, string Text, long? Sequence);
