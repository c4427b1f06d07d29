namespace Lifeline.Core.Plans;

/// <summary>What the monitor does when a scenario's trigger holds.</summary>
public enum DecisionPolicy
{
    /// <summary>Open the run waiting at its approval gate, for a person to decide.</summary>
    Approve,

    /// <summary>Run the plan now; its approval gates are approved automatically, and recorded as such.</summary>
    Auto,

    /// <summary>Report the detection only.</summary>
    Notify,
}
