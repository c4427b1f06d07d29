namespace Lifeline.Providers.ProcessService;

/// <summary>A deployment's outcome: the service as it stands after it, and the revisions it went from and to.</summary>
internal sealed record ServiceDeployment(ServiceOutcome Outcome, int From, int To);
