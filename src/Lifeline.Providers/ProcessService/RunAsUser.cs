namespace Lifeline.Providers.ProcessService;

/// <summary>The unprivileged account a detached process runs as when the caller is root.</summary>
internal sealed record RunAsUser(string Name, int Uid, int Gid);
