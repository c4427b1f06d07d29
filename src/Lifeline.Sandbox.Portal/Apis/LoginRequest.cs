namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record LoginRequest(string? Email, string? Password);
