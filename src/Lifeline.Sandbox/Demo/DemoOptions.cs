namespace Lifeline.Sandbox.Demo;

/// <summary>How the demo drill runs: where, how fast the decision criterion is, and whether writes are synchronous.</summary>
internal sealed record DemoOptions(
    string EstateDirectory,
    string SandboxDirectory,
    string StatePath,
    bool Sync,
    bool Keep,
    TimeSpan CriteriaWindow,
    double WritesPerSecond)
{
    public const string Scenario = "region-failover";
    public const string Profile = "sandbox";
    public const string Fault = "primary-site";
}
