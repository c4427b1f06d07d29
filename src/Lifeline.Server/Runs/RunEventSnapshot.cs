using Lifeline.Engine.Runs;

namespace Lifeline.Server.Runs;

/// <summary>A run and its events as the store had them at one read, shared by every live stream of that run.</summary>
internal sealed record RunEventSnapshot(RunRecord? Run, IReadOnlyList<RunEvent> Events);
