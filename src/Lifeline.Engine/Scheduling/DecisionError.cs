namespace Lifeline.Engine.Scheduling;

/// <summary>A refused decision: an expected outcome, returned as a value.</summary>
public sealed record DecisionError(DecisionErrorKind Kind, string Message)
{
    public static DecisionError NotFound(string message) => new(DecisionErrorKind.NotFound, message);

    public static DecisionError Invalid(string message) => new(DecisionErrorKind.Invalid, message);

    public static DecisionError Forbidden(string message) => new(DecisionErrorKind.Forbidden, message);

    public static DecisionError Conflict(string message) => new(DecisionErrorKind.Conflict, message);
}
