namespace Lifeline.Engine.Calendar;

/// <summary>One calendar item of one estate.</summary>
public sealed record CalendarItemKey(string Estate, string Item);
