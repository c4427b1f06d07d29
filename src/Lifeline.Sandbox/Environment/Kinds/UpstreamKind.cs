using Lifeline.Core.Estates.Sandbox;

namespace Lifeline.Sandbox.Environment.Kinds;

/// <summary>
/// A provider's API in each site (the model service a function calls, the media service a meeting manager calls): the
/// sample app in upstream mode. Its outage in a site is a file the fault writes (<see cref="OutageFile"/>); the process
/// stays up and answers 503, as a regional API in an outage does.
/// </summary>
internal sealed class UpstreamKind : ISandboxKind
{
    public const string Name = "upstream";

    public string Kind => Name;

    public static string OutageFile(SandboxLayout layout, SandboxComponentSpec component, string site) =>
        Path.Combine(layout.Component(component.Name), $"outage-{site}");

    public IEnumerable<PortNeed> Ports(SandboxComponentSpec component, SandboxTopology topology) => AppService.Ports(component, topology);

    public async Task<string?> PrepareAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(build.Layout.Component(component.Name));
        Providers.ProcessService.DetachedProcess.GiveTo(build.Layout.Component(component.Name), build.RunAs);
        await AppService.PrepareAsync(build, component, site => new Dictionary<string, string>
        {
            [AppService.ModeVariable] = Name,
            ["PORTAL_OUTAGE_FILE"] = OutageFile(build.Layout, component, site),
        }, cancellationToken);
        return null;
    }

    public Task<string?> StartAsync(SandboxBuild build, SandboxComponentSpec component, CancellationToken cancellationToken) =>
        AppService.StartAsync(build, component, cancellationToken);

    public void Export(SandboxState state, SandboxComponentSpec component, IDictionary<string, string> settings) => AppService.Export(state, component, settings);
}
