using System.Security.Cryptography;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// An API gateway per site (API Gateway's stand-in, ADR 0035): the sample app in gateway mode, a reverse proxy to the
/// function its integration names. An integration is a Lambda ARN; the map from ARNs to local URLs comes from the
/// estate's function resources (<see cref="SandboxTopology.Functions"/>), so production bindings stay the only names.
/// Each site's integration is a file in the component's directory (it survives a restart, and every instance of the site
/// reads the same one); the first is the ARN of the <c>function</c> component's instance in the gateway's own site.
/// </summary>
internal sealed class GatewayKind : ISandboxKind
{
    public const string Name = "gateway";

    /// <summary>The gateway's own health (what the process service waits on): every other path is forwarded.</summary>
    public const string ProcessHealth = Portal.Gateway.GatewayHost.HealthPath;

    private const string DefaultAccount = "000000000000";

    public string Kind => Name;

    public static string AdminKeyFile(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "admin-key");

    public static string IntegrationFile(SandboxLayout layout, SandboxComponentSpec component, string site) => Path.Combine(layout.Component(component.Name), $"integration-{site}");

    public static string Arn(SandboxFunctionTarget target, string account) => $"arn:aws:lambda:{target.Region}:{account}:function:{target.Function}";

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        AppService.Names(component, topology, "function", "function");

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => AppService.Ports(component, topology);

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var function = build.Topology.Find(component.Setting("function")!)!;
        var account = component.Setting("account") ?? DefaultAccount;
        var routes = Routes(build);
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var site in component.Instances.Keys)
        {
            var service = AppService.Service(function, site);
            if (build.Topology.Functions.FirstOrDefault(f => f.Service == service) is not { } target)
            {
                return $"{component.Location}: gateway '{component.Name}' in {site} integrates {service}, which no resource of the estate binds; expected a function resource with a binding naming function and region and a sandbox binding with service: {service}";
            }

            first[site] = Arn(target, account);
        }

        var directory = build.Layout.Component(component.Name);
        Directory.CreateDirectory(directory);
        DetachedProcess.GiveTo(directory, build.RunAs);
        await SandboxSecrets.WriteAsync(AdminKeyFile(build.Layout, component), RandomNumberGenerator.GetHexString(32, lowercase: true), build.RunAs, cancellationToken);
        await AppService.PrepareAsync(build, component, site => new Dictionary<string, string>
        {
            [AppService.ModeVariable] = Name,
            ["PORTAL_GATEWAY_FUNCTIONS"] = routes,
            ["PORTAL_GATEWAY_INTEGRATION"] = first[site],
            ["PORTAL_GATEWAY_INTEGRATION_FILE"] = IntegrationFile(build.Layout, component, site),
            ["PORTAL_GATEWAY_KEY_FILE"] = AdminKeyFile(build.Layout, component),
        }, cancellationToken, ProcessHealth);
        return null;
    }

    public Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) =>
        AppService.StartAsync(build, component, cancellationToken);

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        AppService.Export(state, component, settings);
        settings[SandboxSettings.SecretKey(component.Name, "admin-key")] = SandboxEnvironment.ReadSecret(AdminKeyFile(new SandboxLayout(state.Directory), component));
    }

    /// <summary>
    /// <c>region/function=url</c> per estate function whose sandbox service runs here (the app's PORTAL_GATEWAY_FUNCTIONS):
    /// the URL of that service's instance in its site.
    /// </summary>
    private static string Routes(SandboxBuild build) => string.Join(';',
        from target in build.Topology.Functions
        from component in build.Topology.Components
        from site in component.Instances.Keys
        where AppService.Service(component, site) == target.Service && build.Ports.ContainsKey(component.Name)
        select $"{target.Region}/{target.Function}={AppService.Url(build.SiteIndex(site), build.Ports[component.Name])}");
}
