namespace Lifeline.Sandbox.Demo;

/// <summary>
/// How the outage was detected when the drill ran with <c>--auto</c>: by the clock from the fault to the monitor's
/// decision, to the first moment the DR database accepted writes, and to the validated service.
/// </summary>
internal sealed record DemoDetection(
    string Mode,
    double ProbeIntervalS,
    double CriteriaWindowS,
    double? FaultToDetectedS,
    double? FaultToWritableS,
    double? FaultToValidatedS,
    long Epoch,
    string Evidence)
{
    /// <summary>
    /// Partition only: writes the old primary acknowledged, from the moment the DR database was first seen writable, to a
    /// client at its site that kept writing over its Unix socket (the cut does not cover it). The goal is 0.
    /// </summary>
    public int? OldPrimaryWritesAfterWritable { get; init; }

    /// <summary>Partition only: that client's last acknowledged write on the old primary, seconds after the fault.</summary>
    public double? OldPrimaryLastWriteS { get; init; }
}
