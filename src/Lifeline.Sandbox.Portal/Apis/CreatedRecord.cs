namespace Lifeline.Sandbox.Portal.Apis;

/// <summary>What a create returns once the row is committed: the id the client can later look for.</summary>
internal sealed record CreatedRecord(long Id, DateTimeOffset CreatedAt);
