using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// What builds, exports and watches one kind of sandbox component (postgres, portal, powerdns, …). One class per kind,
/// found by <see cref="SandboxKindRegistry"/>; nothing else in the sandbox switches on kinds.
/// </summary>
internal interface ISandboxKind
{
    string Kind { get; }

    /// <summary>What the topology must also hold for this component (names it refers to); null when it is complete.</summary>
    string? Check(SandboxComponentSpec component, SandboxTopology topology) => null;

    /// <summary>The ports it listens on, by name, picked before anything starts.</summary>
    IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => [];

    /// <summary>Files, directories and secrets, written before any process starts (in topology order).</summary>
    Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>Starts its processes; runs beside the other components' starts, waiting on <see cref="SandboxBuild.ReadyAsync"/> for what it needs.</summary>
    Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>The settings it exports, named after the component (and member, site) names.</summary>
    void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings);

    /// <summary>Ready again after <c>up</c> restarted one of its processes.</summary>
    Task<string?> WaitReadyAsync(SandboxState state, SandboxComponent restarted, TimeProvider time, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>How one of its processes is doing now.</summary>
    Task<(bool Healthy, string Detail)> HealthAsync(SandboxState state, SandboxComponent process, CancellationToken cancellationToken) => Task.FromResult((true, "running"));
}
