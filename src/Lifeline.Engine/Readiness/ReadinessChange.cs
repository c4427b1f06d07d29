namespace Lifeline.Engine.Readiness;

/// <summary>One readiness item whose status changed between two checks: the event that can notify. From is null on the first check.</summary>
public sealed record ReadinessChange(string Estate, string Profile, ReadinessItemKind Kind, string Name, ReadinessStatus? From, ReadinessStatus To, string Evidence, DateTimeOffset At)
{
    public string Summary => $"{Estate} readiness: {Name} {Word(From)} -> {Word(To)}";

    private static string Word(ReadinessStatus? status) => status switch
    {
        null => "unknown",
        ReadinessStatus.Pass => "pass",
        ReadinessStatus.Fail => "FAIL",
        _ => "not checked",
    };
}
