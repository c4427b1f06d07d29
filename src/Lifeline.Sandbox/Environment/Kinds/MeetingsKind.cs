using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// A meeting manager per site: the sample app in meetings mode, creating meetings through the media upstream of the region
/// its variable names (the region setting, else its own site), or through the fallback provider its provider-variable
/// names; queueing recordings while its recordings-variable says <c>queue</c>. The queue (an object store, else
/// <c>&lt;component&gt;/queue</c>) and the bucket are directories every instance shares; in-app messages are read from
/// the notify-log file <c>notices</c> names, relative to the sandbox directory.
/// </summary>
internal sealed class MeetingsKind : ISandboxKind
{
    public string Kind => "meetings";

    public static string QueueDirectory(SandboxLayout layout, SandboxComponentSpec component) => Path.Combine(layout.Component(component.Name), "queue");

    public string? Check(SandboxComponentSpec component, SandboxTopology topology) =>
        AppService.Names(component, topology, "media", UpstreamKind.Name)
        ?? AppService.Names(component, topology, "bucket", ObjectStoreKind.Name)
        ?? (component.Setting("queue") is null ? null : AppService.Names(component, topology, "queue", ObjectStoreKind.Name))
        ?? (component.Setting("region") is { } region && !topology.Sites.Contains(region)
            ? $"{component.Location}: meetings '{component.Name}' has region '{region}', which is not a site of the sandbox; expected one of: {string.Join(", ", topology.Sites)}"
            : null);

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => AppService.Ports(component, topology);

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        var media = build.Topology.Find(component.Setting("media")!)!;
        var bucket = build.Topology.Find(component.Setting("bucket")!)!;
        var queue = component.Setting("queue") is { } queueName ? build.Topology.Find(queueName)! : null;
        var variable = component.Setting("variable")!;
        foreach (var directory in (string[])[build.Layout.Component(component.Name), QueueDirectory(build.Layout, component)])
        {
            Directory.CreateDirectory(directory);
            DetachedProcess.GiveTo(directory, build.RunAs);
        }

        await AppService.PrepareAsync(build, component, site =>
        {
            var environment = new Dictionary<string, string>
            {
                [AppService.ModeVariable] = Kind,
                ["PORTAL_REGION_VARIABLE"] = variable,
                ["PORTAL_UPSTREAMS"] = AppService.Upstreams(build.Topology, media, build.Ports[media.Name]),
                ["PORTAL_PROVIDER_NAME"] = media.Name,
                ["PORTAL_QUEUE_DIR"] = queue is null ? QueueDirectory(build.Layout, component) : build.Layout.Component(queue.Name),
                ["PORTAL_BUCKET_DIR"] = build.Layout.Component(bucket.Name),
                [variable] = component.Setting("region") ?? site,
            };
            if (component.Setting("provider-variable") is { } provider)
            {
                environment["PORTAL_PROVIDER_VARIABLE"] = provider;
            }

            if (component.Setting("recordings-variable") is { } recordings)
            {
                environment["PORTAL_RECORDINGS_VARIABLE"] = recordings;
            }

            if (component.Setting("notices") is { } notices)
            {
                environment["PORTAL_NOTICE_FILE"] = Path.Combine(build.Layout.Root, notices);
            }

            return environment;
        }, cancellationToken, FunctionKind.ProcessHealth);
        return null;
    }

    public Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) =>
        AppService.StartAsync(build, component, cancellationToken);

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings) => AppService.Export(state, component, settings);
}
