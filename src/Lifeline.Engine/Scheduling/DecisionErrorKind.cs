namespace Lifeline.Engine.Scheduling;

/// <summary>Why a decision was refused; the server maps these to 404, 400, 403 and 409.</summary>
public enum DecisionErrorKind
{
    /// <summary>No such run (or step).</summary>
    NotFound,

    /// <summary>The decision does not fit the step or the run's state.</summary>
    Invalid,

    /// <summary>This person may not make this decision (approver list, four-eyes rule).</summary>
    Forbidden,

    /// <summary>Someone else decided first: the gate is already resolved, or this person already approved it.</summary>
    Conflict,
}
