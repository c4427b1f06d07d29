namespace Lifeline.Core.Expressions;

public static class ExpressionRoots
{
    public const string Steps = "steps";
    public const string Secrets = "secrets";
    public const string Inputs = "inputs";
    public const string Resources = "resources";
    public const string Run = "run";
    public const string Estate = "estate";

    public static readonly IReadOnlyList<string> All = [Steps, Secrets, Inputs, Resources, Run, Estate];

    public static readonly IReadOnlyList<string> RunFields = ["id", "mode", "profile", "scenario", "started_at", "epoch"];
}
