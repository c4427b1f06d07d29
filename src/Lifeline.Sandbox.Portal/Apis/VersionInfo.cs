namespace Lifeline.Sandbox.Portal.Apis;

/// <summary>What <c>/version</c> answers: the revision served (and its task definition, service:revision), at which site, and whether it is a broken build.</summary>
internal sealed record VersionInfo(string Revision, string TaskDefinition, string Site, bool Broken);
