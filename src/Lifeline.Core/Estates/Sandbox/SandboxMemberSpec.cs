using Lifeline.Core.Diagnostics;

namespace Lifeline.Core.Estates.Sandbox;

/// <summary>
/// One server of a replicated component: its site, the member it streams from (null for the primary), whether its
/// primary waits for it on commit, and the estate resource it stands for (so faults can name it, e.g. <c>kill db-primary</c>).
/// </summary>
public sealed record SandboxMemberSpec(string Name, string Site, string? ReplicaOf, bool Sync, string? Resource, SourceLocation Location);
