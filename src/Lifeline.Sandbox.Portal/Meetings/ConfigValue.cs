namespace Lifeline.Sandbox.Portal.Meetings;

internal sealed record ConfigValue(string? Value);
