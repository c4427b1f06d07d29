namespace Lifeline.Sandbox.Portal.Meetings;

internal sealed record MeetingsHealth(string Status, string Site, string Provider, string MediaRegion);
