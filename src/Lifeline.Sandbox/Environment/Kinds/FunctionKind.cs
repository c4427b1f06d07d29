using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// Serverless function instances per site, as process services of the sample app in function mode: each calls the
/// upstream component's API in the region its variable names (at first its own site). The variable is part of the
/// service definition, so process-service's function.configure changes it as a function's configuration update would.
/// </summary>
internal sealed class FunctionKind : ISandboxKind
{
    public const string ProcessHealth = "/healthz";

    public string Kind => "function";

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        AppService.Names(component, topology, "upstream", UpstreamKind.Name);

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => AppService.Ports(component, topology);

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var upstream = build.Topology.Find(component.Setting("upstream")!)!;
        var variable = component.Setting("variable")!;
        await AppService.PrepareAsync(build, component, site => new Dictionary<string, string>
        {
            [AppService.ModeVariable] = Kind,
            ["PORTAL_REGION_VARIABLE"] = variable,
            ["PORTAL_UPSTREAMS"] = AppService.Upstreams(build.Topology, upstream, build.Ports[upstream.Name]),
            [variable] = site,
        }, cancellationToken, ProcessHealth);
        return null;
    }

    public Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) =>
        AppService.StartAsync(build, component, cancellationToken);

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings) => AppService.Export(state, component, settings);
}
