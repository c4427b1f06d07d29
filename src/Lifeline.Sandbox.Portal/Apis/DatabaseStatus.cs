namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record DatabaseStatus(string Status, string Site, bool Writable, bool InRecovery);
