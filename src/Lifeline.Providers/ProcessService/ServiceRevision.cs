namespace Lifeline.Providers.ProcessService;

/// <summary>
/// One numbered revision of a process service (the ECS task definition revision stand-in): the environment its
/// instances get on top of the service definition's.
/// </summary>
internal sealed record ServiceRevision(int Number, IReadOnlyDictionary<string, string> Environment, string? Description);
