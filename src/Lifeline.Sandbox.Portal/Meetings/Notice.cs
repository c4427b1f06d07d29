namespace Lifeline.Sandbox.Portal.Meetings;

internal sealed record Notice(string Text);
