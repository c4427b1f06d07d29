namespace Lifeline.Sandbox.Portal.Apis;

internal sealed record CountResponse(long Count);
