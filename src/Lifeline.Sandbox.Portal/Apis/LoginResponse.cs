namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record LoginResponse(string Token);
