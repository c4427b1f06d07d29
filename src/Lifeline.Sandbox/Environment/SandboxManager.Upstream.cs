using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public const string UpstreamDown = "upstream-down";
    public const string UpstreamUp = "upstream-up";

    /// <summary>
    /// A provider's API failing in one region (<c>upstream-down model-eu-west-1</c>) or everywhere (<c>upstream-down
    /// media</c>): its outage file makes it answer 503 while the process stays up. <c>upstream-up</c> ends the outage.
    /// </summary>
    private async Task<SandboxResult<string>> UpstreamOutageAsync(SandboxState state, string fault, string? target, CancellationToken cancellationToken)
    {
        var layout = new SandboxLayout(state.Directory);
        var sites = state.Topology.OfKind(UpstreamKind.Name)
            .SelectMany(c => c.Instances.Keys.Select(site => (Component: c, Site: site)))
            .Where(p => p.Component.Name == target || AppService.Service(p.Component, p.Site) == target)
            .ToList();
        if (sites.Count == 0)
        {
            var names = state.Topology.OfKind(UpstreamKind.Name).SelectMany(c => c.Instances.Keys.Select(site => AppService.Service(c, site)).Prepend(c.Name));
            return SandboxResult<string>.Fail($"{fault} needs an upstream or one of its sites; '{target}' is neither; expected one of: {string.Join(", ", names)}");
        }

        foreach (var (component, site) in sites)
        {
            var file = UpstreamKind.OutageFile(layout, component, site);
            if (fault == UpstreamDown)
            {
                await File.WriteAllTextAsync(file, $"outage since {time.GetUtcNow():O}\n", cancellationToken);
            }
            else
            {
                File.Delete(file);
            }
        }

        var verb = fault == UpstreamDown ? "answers 503 (outage)" : "answers again";
        return SandboxResult<string>.Ok($"{fault} {target}: {string.Join(", ", sites.Select(p => AppService.Service(p.Component, p.Site)))} {verb}");
    }
}
