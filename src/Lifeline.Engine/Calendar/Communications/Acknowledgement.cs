namespace Lifeline.Engine.Calendar.Communications;

/// <summary>Who acknowledged a communications test, in which round, and when (the first time).</summary>
public sealed record Acknowledgement(string Round, string Contact, DateTimeOffset At);
