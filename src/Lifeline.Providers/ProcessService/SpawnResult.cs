namespace Lifeline.Providers.ProcessService;

/// <summary>A started process's PID, or why it could not be started.</summary>
internal sealed record SpawnResult(int Pid, string? Error)
{
    public bool Succeeded => Error is null;

    public static SpawnResult Started(int pid) => new(pid, null);

    public static SpawnResult Failed(string error) => new(0, error);
}
