namespace Lifeline.Providers.ProcessService;

/// <summary>
/// A process to start in its own session so it outlives the process that started it. Output goes to
/// <see cref="LogFile"/>; the process's own PID (not a wrapper's) is written to <see cref="PidFile"/>.
/// </summary>
internal sealed record DetachedProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string LogFile,
    string PidFile,
    string WorkingDirectory,
    RunAsUser? RunAs);
