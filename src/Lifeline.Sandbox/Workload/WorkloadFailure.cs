using System.Net;

namespace Lifeline.Sandbox.Workload;

/// <summary>A request that was not acknowledged; <see cref="Address"/> is null when the name did not resolve.</summary>
internal sealed record WorkloadFailure(DateTimeOffset At, IPAddress? Address, string Error);
