namespace Lifeline.Core.Expressions;

public static class ExpressionRoots
{
    public const string Steps = "steps";
    public const string Secrets = "secrets";
    public const string Inputs = "inputs";
    public const string Resources = "resources";
    public const string Run = "run";
    public const string Estate = "estate";
    public const string Env = "env";

    public static readonly IReadOnlyList<string> All = [Steps, Secrets, Inputs, Resources, Run, Estate, Env];

    public static readonly IReadOnlyList<string> RunFields = ["id", "mode", "profile", "scenario", "started_at", "clock_start", "epoch"];
}
