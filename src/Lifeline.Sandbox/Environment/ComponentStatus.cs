namespace Lifeline.Sandbox.Environment;

/// <summary>One component as <c>sandbox status</c> sees it now.</summary>
internal sealed record ComponentStatus(string Name, string Site, int Pid, string Endpoint, bool Alive, bool Healthy, string Detail);
