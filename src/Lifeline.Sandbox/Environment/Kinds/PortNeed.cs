namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>A port a component listens on: its name in the state, the addresses it must be free on, and whether UDP too.</summary>
internal sealed record PortNeed(string Name, IReadOnlyList<System.Net.IPAddress> Addresses, bool Udp = false);
