namespace Lifeline.Server.StatusPage;

/// <summary><c>none</c>, <c>minor</c>, <c>major</c> or <c>critical</c>, with Statuspage's wording.</summary>
public sealed record StatusIndicator(string Indicator, string Description);
