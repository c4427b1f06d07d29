namespace Lifeline.Cli.Remote;

/// <summary>What the server answered: the value, or why not (expected failures are values, not exceptions).</summary>
internal sealed record RemoteResult<T>(T? Value, RemoteError? Error)
    where T : class
{
    public static RemoteResult<T> Ok(T value) => new(value, null);

    public static RemoteResult<T> Failed(RemoteError error) => new(null, error);
}
