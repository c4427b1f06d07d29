namespace Lifeline.Sandbox.Portal.Meetings;

internal sealed record RecordingCounts(int Queued, int Uploaded);
