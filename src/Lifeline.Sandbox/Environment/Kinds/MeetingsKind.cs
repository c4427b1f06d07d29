using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// A meeting manager per site: the sample app in meetings mode, creating meetings through the media upstream of the region
/// its variable names (the region setting, else its own site), or through the fallback provider its app config names.
/// App config, recording queue and bucket are directories every instance shares: <c>&lt;component&gt;/config</c>,
/// <c>&lt;component&gt;/queue</c> and the object store's directory.
/// </summary>
internal sealed class MeetingsKind : ISandboxKind
{
    public string Kind => "meetings";

    public static string ConfigDirectory(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "config");

    public static string QueueDirectory(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "queue");

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        AppService.Names(component, topology, "media", UpstreamKind.Name)
        ?? AppService.Names(component, topology, "bucket", ObjectStoreKind.Name)
        ?? (component.Setting("region") is { } region && !topology.Sites.Contains(region)
            ? $"{component.Location}: meetings '{component.Name}' has region '{region}', which is not a site of the sandbox; expected one of: {string.Join(", ", topology.Sites)}"
            : null);

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => AppService.Ports(component, topology);

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var media = build.Topology.Find(component.Setting("media")!)!;
        var bucket = build.Topology.Find(component.Setting("bucket")!)!;
        var variable = component.Setting("variable")!;
        foreach (var directory in (string[])[build.Layout.Component(component.Name), ConfigDirectory(build.Layout, component), QueueDirectory(build.Layout, component)])
        {
            Directory.CreateDirectory(directory);
            DetachedProcess.GiveTo(directory, build.RunAs);
        }

        await AppService.PrepareAsync(build, component, site => new Dictionary<string, string>
        {
            [AppService.ModeVariable] = Kind,
            ["PORTAL_REGION_VARIABLE"] = variable,
            ["PORTAL_UPSTREAMS"] = AppService.Upstreams(build.Topology, media, build.Ports[media.Name]),
            ["PORTAL_PROVIDER_NAME"] = media.Name,
            ["PORTAL_CONFIG_DIR"] = ConfigDirectory(build.Layout, component),
            ["PORTAL_QUEUE_DIR"] = QueueDirectory(build.Layout, component),
            ["PORTAL_BUCKET_DIR"] = build.Layout.Component(bucket.Name),
            [variable] = component.Setting("region") ?? site,
        }, cancellationToken);
        return null;
    }

    public Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) =>
        AppService.StartAsync(build, component, cancellationToken);

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings) => AppService.Export(state, component, settings);
}
