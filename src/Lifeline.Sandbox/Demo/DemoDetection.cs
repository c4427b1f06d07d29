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
    string Evidence);
