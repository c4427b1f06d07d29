namespace Lifeline.Providers.Postgres;

/// <summary>
/// What a write attempt from a new connection found: <see cref="Refused"/> when the server would not take it,
/// <see cref="Verified"/> when the attempt got an answer either way (a timeout proves nothing).
/// </summary>
internal sealed record FenceVerdict(bool Refused, bool Verified, string Evidence);
