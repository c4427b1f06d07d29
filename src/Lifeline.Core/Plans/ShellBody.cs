namespace Lifeline.Core.Plans;

/// <summary>
/// A program run with an argument vector — never a shell string, so nothing is re-parsed by a shell.
/// Not idempotent unless declared, so an interrupted shell step waits for an operator on resume.
/// </summary>
public sealed record ShellBody(IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Env, string? WorkingDirectory, bool Idempotent) : StepBody
{
    public override StepKind Kind => StepKind.Shell;
}
