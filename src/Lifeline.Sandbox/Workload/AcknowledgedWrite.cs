using System.Net;

namespace Lifeline.Sandbox.Workload;

/// <summary>A write the portal acknowledged (201 after commit): it must exist in whatever database we recover to.</summary>
internal sealed record AcknowledgedWrite(long PatientId, string Name, DateTimeOffset AcknowledgedAt, IPAddress Address);
