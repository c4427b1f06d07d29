namespace Lifeline.Providers.ProcessService;

/// <summary>One started instance: where it listens, its PID and what its cmdline must contain.</summary>
internal sealed record ServiceInstance(string Address, int Pid, string Marker, DateTimeOffset StartedAt);
