namespace Lifeline.Core.Plans;

/// <summary>What an approval gate does when nobody decides in time.</summary>
public enum ApprovalTimeout
{
    /// <summary>The gate fails (and the step's on-failure applies).</summary>
    Reject,

    /// <summary>The gate passes and the run records that it passed by timeout.</summary>
    Approve,
}
