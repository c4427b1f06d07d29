namespace Lifeline.Cli.Hosting;

/// <summary>The documented exit codes (docs/plan-format.md, README).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RunFailed = 1;
    public const int BadInput = 2;
    public const int Waiting = 3;
}
