using System.Globalization;
using System.Net;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// What the kinds that run the sample app in one of its modes share: a process service per site the component has
/// instances in (<c>&lt;component&gt;-&lt;site&gt;</c>), on the site's instance addresses and one port per component.
/// </summary>
internal static class AppService
{
    public const string ModeVariable = "PORTAL_MODE";

    /// <summary>Whether a kind runs the sample app (so <c>up</c> needs its dll).</summary>
    public static bool RunsApp(ISandboxKind kind) => kind is PortalKind or EhrKind or UpstreamKind or FunctionKind or MeetingsKind or GatewayKind;

    public static string Service(SandboxComponentSpec component, string site) => $"{component.Name}-{site}";

    public static IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology, bool tls = false)
    {
        var addresses = component.Instances.Keys
            .SelectMany(site => SitePartition.InstanceAddresses(topology.Sites.ToList().IndexOf(site) + 1, Core.PlanFiles.SandboxLimits.MaximumInstances))
            .Select(IPAddress.Parse).ToList();
        return tls ? [new PortNeed(component.Name, addresses), new PortNeed(TlsPort(component), addresses)] : [new PortNeed(component.Name, addresses)];
    }

    /// <summary>The second shared port a component serving HTTPS listens on, as the portal's.</summary>
    public static string TlsPort(SandboxComponentSpec component) => component.Name + "-tls";

    /// <summary>
    /// Issues (or re-issues) the component's server certificate from the sandbox's CA, for every instance address of its
    /// sites, as a load balancer's certificate covers every target.
    /// </summary>
    public static void IssueCertificate(SandboxBuild build, SandboxComponentSpec component)
    {
        using var ca = SandboxTls.EnsureCa(build.Layout, build.Time);
        var all = component.Instances.Keys.SelectMany(site => SitePartition.InstanceAddresses(build.SiteIndex(site), Core.PlanFiles.SandboxLimits.MaximumInstances));
        SandboxTls.Issue(build.Layout, ca, component.Name, all, [], SandboxTls.DefaultDays, build.Time, build.RunAs);
    }

    /// <summary><c>&lt;C&gt;_TLS_PORT</c>, <c>&lt;C&gt;_CA_FILE</c>, <c>&lt;C&gt;_CERTIFICATE_FILE</c> and one <c>&lt;C&gt;_&lt;SITE&gt;_HTTPS_URL</c> per site.</summary>
    public static void ExportTls(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        if (!state.Ports.TryGetValue(TlsPort(component), out var tlsPort))
        {
            return;
        }

        var layout = new SandboxLayout(state.Directory);
        settings[SandboxSettings.Key(component.Name, "tls-port")] = tlsPort.ToString(CultureInfo.InvariantCulture);
        settings[SandboxSettings.Key(component.Name, "ca-file")] = SandboxTls.CaFile(layout);
        settings[SandboxSettings.Key(component.Name, "certificate-file")] = SandboxTls.CertificateFile(layout, component.Name);
        foreach (var site in component.Instances.Keys)
        {
            settings[SandboxSettings.Key(component.Name, site, "https-url")] = $"https://{SitePartition.InstanceAddresses(state.SiteIndex(site), 1)[0]}:{tlsPort.ToString(CultureInfo.InvariantCulture)}";
        }
    }

    /// <summary>The first instance address of a site: where a component's one instance there answers.</summary>
    public static string Url(int siteIndex, int port) => $"http://{SitePartition.InstanceAddresses(siteIndex, 1)[0]}:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Where an upstream component answers in each of its sites, as the app's PORTAL_UPSTREAMS reads it.</summary>
    public static string Upstreams(SandboxTopology topology, SandboxComponentSpec upstream, int port) =>
        string.Join(';', upstream.Instances.Keys.Select(site => $"{site}={Url(topology.Sites.ToList().IndexOf(site) + 1, port)}"));

    /// <summary>
    /// Writes one service definition per site, with the mode's environment on top of the host's. The health path is the
    /// process's: a function's API health needs its upstream, and an outage there must not fail a scale or a restart.
    /// With <paramref name="tls"/> the instances also serve HTTPS on <see cref="TlsPort"/> with the component's certificate
    /// (<see cref="IssueCertificate"/>).
    /// </summary>
    public static async Task PrepareAsync(
        SandboxBuild build, SandboxComponentSpec component, Func<string, IReadOnlyDictionary<string, string>> environment, CancellationToken cancellationToken, string healthPath = "/health", bool tls = false)
    {
        var urls = "http://{address}:{port}";
        if (tls)
        {
            urls += $";https://{{address}}:{build.Ports[TlsPort(component)].ToString(CultureInfo.InvariantCulture)}";
        }

        foreach (var site in component.Instances.Keys)
        {
            var name = Service(component, site);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["PORTAL_SITE"] = site,
                ["HOME"] = build.Layout.Home,
                ["DOTNET_CLI_HOME"] = build.Layout.Home,
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
                ["DOTNET_gcServer"] = "0",
                // Faults kill these with SIGKILL, and a killed runtime leaves its diagnostic pipes in /tmp.
                ["DOTNET_EnableDiagnostics"] = "0",
            };
            if (tls)
            {
                variables["Kestrel__Certificates__Default__Path"] = SandboxTls.PfxFile(build.Layout, component.Name);
            }

            foreach (var (key, value) in environment(site))
            {
                variables[key] = value;
            }

            var definition = new ServiceDefinition(
                name,
                site,
                PortalLocator.DotnetHost(),
                [build.PortalDll, "--urls", urls],
                variables,
                SitePartition.InstanceAddresses(build.SiteIndex(site), Core.PlanFiles.SandboxLimits.MaximumInstances),
                build.Ports[component.Name],
                healthPath,
                build.Layout.Logs,
                build.RunAs);
            await ProcessServiceController.WriteDefinitionAsync(build.Layout.Root, definition, cancellationToken);
            DetachedProcess.GiveTo(ProcessServiceController.ServiceDirectory(build.Layout.Root, name), build.RunAs);
            build.AddService(name);
        }
    }

    /// <summary>Starts each site's instances and waits until they are healthy.</summary>
    public static async Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        foreach (var site in component.Instances.Keys)
        {
            var count = build.Instances(component, site);
            if (count == 0)
            {
                continue;
            }

            var outcome = await build.Services.ScaleAsync(build.Layout.Root, Service(component, site), count, new Dictionary<string, string>(), TimeSpan.FromSeconds(60), cancellationToken);
            build.Report(outcome.Error ?? $"{Service(component, site)}: {count} instances healthy");
            if (outcome.Error is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary><c>&lt;C&gt;_PORT</c> and one <c>&lt;C&gt;_&lt;SITE&gt;_URL</c> per site.</summary>
    public static void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings)
    {
        var port = state.Port(component.Name);
        settings[SandboxSettings.Key(component.Name, "port")] = port.ToString(CultureInfo.InvariantCulture);
        foreach (var site in component.Instances.Keys)
        {
            settings[SandboxSettings.Key(component.Name, site, "url")] = Url(state.SiteIndex(site), port);
        }
    }

    /// <summary>The named component if it has the kind, else the error a topology check reports.</summary>
    public static string? Names(SandboxComponentSpec component, SandboxTopology topology, string key, string kind) =>
        topology.Find(component.Setting(key) ?? "") is { } found && found.Kind == kind
            ? null
            : $"{component.Location}: {component.Kind} '{component.Name}' has {key} '{component.Setting(key)}', which is not a {kind} component; expected one of: {string.Join(", ", topology.OfKind(kind).Select(c => c.Name))}";
}
