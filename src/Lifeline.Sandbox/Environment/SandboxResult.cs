namespace Lifeline.Sandbox.Environment;

/// <summary>A sandbox command's value, or one line saying what went wrong.</summary>
internal sealed record SandboxResult<T>(T? Value, string? Error)
{
    public bool Succeeded => Error is null;

    public static SandboxResult<T> Ok(T value) => new(value, null);

    public static SandboxResult<T> Fail(string error) => new(default, error);
}
