using System.Collections.Concurrent;
using Lifeline.Core.Estates.Sandbox;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>One <c>up</c> in progress: what the kinds share while they build (ports, spawning, readiness of others, progress).</summary>
internal sealed class SandboxBuild(
    SandboxLayout layout, SandboxOptions options, RunAsUser? runAs, TimeProvider time, IReadOnlyDictionary<string, int> ports,
    string portalDll, ProcessServiceController services, List<SandboxComponent> started, Action<string> report)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ready = new(StringComparer.Ordinal);
    private readonly List<string> _services = [];

    public SandboxLayout Layout => layout;

    public SandboxOptions Options => options;

    public SandboxTopology Topology => options.Topology;

    public RunAsUser? RunAs => runAs;

    public TimeProvider Time => time;

    public IReadOnlyDictionary<string, int> Ports => ports;

    public string PortalDll => portalDll;

    public ProcessServiceController Services => services;

    public IReadOnlyList<string> ServiceNames
    {
        get
        {
            lock (_services)
            {
                return [.. _services];
            }
        }
    }

    public int SiteIndex(string site) => Topology.Sites.ToList().IndexOf(site) + 1;

    /// <summary>The instance count a component runs in a site: the topology's, or the options' override for a non-zero one.</summary>
    public int Instances(SandboxComponentSpec component, string site) =>
        component.Instances.GetValueOrDefault(site) is var count && count > 0 && options.Instances is { } given ? given : component.Instances.GetValueOrDefault(site);

    public void Report(string line) => report(line);

    public void AddService(string name)
    {
        lock (_services)
        {
            _services.Add(name);
        }
    }

    /// <summary>Marks a component ready for the others (e.g. a database that accepts writes).</summary>
    public void SetReady(string component) => Signal(component).TrySetResult();

    public Task ReadyAsync(string component, CancellationToken cancellationToken) => Signal(component).Task.WaitAsync(cancellationToken);

    public async Task<(SandboxComponent? Component, string? Error)> SpawnAsync(string name, string site, string kind, int port, string marker, DetachedProcessSpec spec, CancellationToken cancellationToken)
    {
        var spawn = await DetachedProcess.SpawnAsync(spec, time, cancellationToken);
        if (!spawn.Succeeded)
        {
            return (null, spawn.Error);
        }

        var component = new SandboxComponent(name, site, kind, "127.0.0.1", port, spawn.Pid, marker, spec);
        lock (started)
        {
            started.Add(component);
        }

        report($"started {name} (pid {spawn.Pid}) on {component.Endpoint}");
        return (component, null);
    }

    private TaskCompletionSource Signal(string component) => _ready.GetOrAdd(component, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
