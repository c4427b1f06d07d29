namespace Lifeline.Sandbox.Portal.Regional;

internal sealed record UpstreamAnswer(string Status, string Region, string Output);
