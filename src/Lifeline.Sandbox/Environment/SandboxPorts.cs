namespace Lifeline.Sandbox.Environment;

/// <summary>The ports one sandbox uses, all on loopback; the portal port is free on every site address.</summary>
internal sealed record SandboxPorts(int Primary, int Standby, int Dns, int DnsApi, int Portal);
