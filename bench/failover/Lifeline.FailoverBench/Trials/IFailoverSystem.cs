namespace Lifeline.FailoverBench.Trials;

/// <summary>A system under test: runs one failover trial, and the blip test where it supports one.</summary>
internal interface IFailoverSystem
{
    /// <summary>The name used on the command line and in the results (<c>patroni-default</c>, <c>lifeline</c>).</summary>
    string Name { get; }

    /// <summary>What was run, for the results (settings, versions).</summary>
    IReadOnlyDictionary<string, string> Describe();

    /// <summary>One trial of <paramref name="fault"/> (a <see cref="Faults.FaultKind"/>).</summary>
    Task<FailoverTrial> RunFailoverAsync(int trial, string fault, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="trials"/> blips; null when the system has no blip test.</summary>
    Task<IReadOnlyList<BlipTrial>?> RunBlipsAsync(int trials, CancellationToken cancellationToken);
}
