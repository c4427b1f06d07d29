namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record CreatePatientRequest(string? Name);
