namespace Lifeline.Cli.Remote;

/// <summary>Why a call to the server did not do what was asked: one line for the user, and the exit code it means.</summary>
internal sealed record RemoteError(string Message, int ExitCode);
