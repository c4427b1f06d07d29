using Lifeline.Core.Estates.Sandbox;
using Lifeline.Sandbox.Environment;
using Lifeline.Sandbox.Tests.Detection;

namespace Lifeline.Sandbox.Tests;

/// <summary>The sandbox topologies tests build: the Axis example estate's, the detection tests' database pair, and the three-site fixture's.</summary>
internal static class Topologies
{
    private static readonly Lazy<SandboxTopology> AxisTopology = new(() => Load(Path.Combine(RepositoryRoot, "examples", "axis-imaging")));

    private static readonly Lazy<SandboxTopology> DatabasePairTopology = new(() => Load(MonitoredSandbox.EstateDirectory));

    public static SandboxTopology Axis => AxisTopology.Value;

    /// <summary>
    /// The primary and its streaming standby alone (the detection estate's sandbox): what failover-detection tests watch,
    /// up in a fraction of the full Axis sandbox's time.
    /// </summary>
    public static SandboxTopology DatabasePair => DatabasePairTopology.Value;

    public static string MedZenEstate => Path.Combine(RepositoryRoot, "examples", "medzen");

    public static SandboxTopology MedZen => Load(MedZenEstate);

    public static string TriSiteEstate => Path.Combine(AppContext.BaseDirectory, "Topology", "TriSiteEstate");

    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Lifeline.slnx")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException("Lifeline.slnx not found above the test binaries");
        }
    }

    public static SandboxTopology Load(string estateDirectory)
    {
        var (topology, error) = SandboxTopologyLoader.Load(estateDirectory, MonitoredSandbox.Providers);
        return topology ?? throw new InvalidOperationException(error);
    }
}
