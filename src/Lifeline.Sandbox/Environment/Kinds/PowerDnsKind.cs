using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using DnsClient;
using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// PowerDNS serving the component's zone; each record answers with the instance addresses of a service in a site
/// (as many as run there, at least one). The API and DNS ports are <c>&lt;component&gt;-api</c> and <c>&lt;component&gt;</c>.
/// </summary>
internal sealed class PowerDnsKind : ISandboxKind
{
    public const string Name = "powerdns";
    private const int DefaultTtl = 60;

    public string Kind => Name;

    public static string ApiPort(SandboxComponentSpec component) => $"{component.Name}-api";

    public static string ApiKeyFile(SandboxLayout layout, SandboxComponentSpec component) => layout.Secret($"{component.Name}-api-key");

    public static string Zone(SandboxComponentSpec component) => component.Setting("zone")!.TrimEnd('.') + ".";

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        component.Setting("ttl") is { } ttl && !int.TryParse(ttl, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? $"{component.Location}: powerdns '{component.Name}' has ttl '{ttl}'; expected a whole number of seconds"
            : null;

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) =>
        [new PortNeed(component.Name, [IPAddress.Loopback], Udp: true), new PortNeed(ApiPort(component), [IPAddress.Loopback])];

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        await SandboxSecrets.WriteAsync(ApiKeyFile(build.Layout, component), RandomNumberGenerator.GetHexString(32, lowercase: true), build.RunAs, cancellationToken);
        return null;
    }

    public async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var powerDns = new SandboxPowerDns(build.Layout, component.Name, build.RunAs, build.Time);
        var records = component.Records.ToDictionary(
            r => r.Key,
            r => SitePartition.InstanceAddresses(build.SiteIndex(r.Value.Site), Math.Max(1, build.Instances(build.Topology.Find(r.Value.Component)!, r.Value.Site))),
            StringComparer.Ordinal);
        var ttl = component.Setting("ttl") is { } text ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : DefaultTtl;
        var apiKey = SandboxEnvironment.ReadSecret(ApiKeyFile(build.Layout, component));
        await powerDns.CreateAsync(Zone(component), ttl, build.Ports[component.Name], build.Ports[ApiPort(component)], apiKey, records, cancellationToken);
        var (server, error) = await build.SpawnAsync(component.Name, component.Site ?? "", Name, build.Ports[component.Name], $"--config-dir={build.Layout.Component(component.Name)}", powerDns.LaunchSpec(), cancellationToken);
        if (server is null)
        {
            return error;
        }

        var (probe, type) = Probe(component);
        error = await powerDns.WaitReadyAsync(server, build.Ports[ApiPort(component)], apiKey, probe, type, cancellationToken);
        build.Report(error ?? $"{component.Name} (PowerDNS) ready");
        return error;
    }

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        settings[SandboxSettings.Key(component.Name, "api")] = $"http://127.0.0.1:{state.Port(ApiPort(component)).ToString(CultureInfo.InvariantCulture)}";
        settings[SandboxSettings.Key(component.Name, "dns")] = $"127.0.0.1:{state.Port(component.Name).ToString(CultureInfo.InvariantCulture)}";
        settings[SandboxSettings.Key(component.Name, "zone")] = Zone(component);
        settings[SandboxSettings.SecretKey(component.Name, "api-key")] = SandboxEnvironment.ReadSecret(ApiKeyFile(new SandboxLayout(state.Directory), component));
    }

    public async Task<string?> WaitReadyAsync(SandboxState state, SandboxComponent restarted, TimeProvider time, CancellationToken cancellationToken)
    {
        var component = state.Topology.Find(restarted.Name)!;
        var (probe, type) = Probe(component);
        return await new SandboxPowerDns(new SandboxLayout(state.Directory), component.Name, state.RunAs, time)
            .WaitReadyAsync(restarted, state.Port(ApiPort(component)), SandboxEnvironment.ReadSecret(ApiKeyFile(new SandboxLayout(state.Directory), component)), probe, type, cancellationToken);
    }

    public async Task<(bool Healthy, string Detail)> HealthAsync(SandboxState state, SandboxComponent process, CancellationToken cancellationToken)
    {
        var component = state.Topology.Find(process.Name)!;
        var api = $"http://127.0.0.1:{state.Port(ApiPort(component)).ToString(CultureInfo.InvariantCulture)}";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await SandboxPowerDns.ApiAnswersAsync(http, new Uri($"{api}/api/v1/servers/localhost"), SandboxEnvironment.ReadSecret(ApiKeyFile(new SandboxLayout(state.Directory), component)), cancellationToken)
            ? (true, $"api {api}")
            : (false, "API not answering");
    }

    /// <summary>What proves the server answers: its first record, or the zone's SOA when it has none.</summary>
    private static (string Name, QueryType Type) Probe(SandboxComponentSpec component) =>
        component.Records.Keys.FirstOrDefault() is { } record ? ($"{record}.{Zone(component)}", QueryType.A) : (Zone(component), QueryType.SOA);
}
