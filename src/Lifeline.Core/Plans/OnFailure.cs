namespace Lifeline.Core.Plans;

/// <summary>What a failed step does to its run.</summary>
public enum OnFailure
{
    /// <summary>Start nothing new; the run fails once in-flight steps finish.</summary>
    Stop,

    /// <summary>Record the failure and carry on; dependants still run.</summary>
    Continue,

    /// <summary>Run the step's compensation, then stop as for <see cref="Stop"/>.</summary>
    Compensate,
}
