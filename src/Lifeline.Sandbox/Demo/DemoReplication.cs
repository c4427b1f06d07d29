namespace Lifeline.Sandbox.Demo;

/// <summary>How far the standby was behind the primary just before the fault.</summary>
internal sealed record DemoReplication(long? LagAtFaultBytes, double? LagAtFaultS);
