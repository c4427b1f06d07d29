namespace Lifeline.Sandbox.Portal.Meetings;

internal sealed record Meeting(string Id, string Provider, string MediaRegion, string Notice);
