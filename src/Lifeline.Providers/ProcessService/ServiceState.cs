namespace Lifeline.Providers.ProcessService;

/// <summary>The desired count and the instances started, stored as <c>&lt;dir&gt;/services/&lt;name&gt;/state.json</c>.</summary>
internal sealed record ServiceState(int Desired, IReadOnlyList<ServiceInstance> Instances)
{
    public static readonly ServiceState Empty = new(0, []);
}
