namespace Lifeline.Sandbox.Portal.Meetings;

internal sealed record Recording(string Key, bool Queued);
