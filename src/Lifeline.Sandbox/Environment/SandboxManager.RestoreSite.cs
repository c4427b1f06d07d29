using Lifeline.Providers.ProcessService;
using Lifeline.Sandbox.Environment.Kinds;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public const string RestoreSite = "restore-site";

    /// <summary>
    /// A lost site comes back, as a region does after its outage: its stopped infrastructure (an object store, say) starts
    /// again. Its databases stay down, because an old primary may only return through reprotect, and its services stay at
    /// the scale they have, because scaling them is the plan's job.
    /// </summary>
    public async Task<SandboxResult<string>> RestoreSiteAsync(SandboxState state, string? site, CancellationToken cancellationToken)
    {
        if (site is null || !state.Topology.Sites.Contains(site))
        {
            return SandboxResult<string>.Fail($"{RestoreSite} needs a site; expected one of: {string.Join(", ", state.Topology.Sites)}");
        }

        var done = new List<string>();
        var components = new List<SandboxComponent>();
        foreach (var component in state.Components)
        {
            if (component.Site != site || component.Kind == PostgresKind.Name || DetachedProcess.IsOurs(component.Pid, component.Marker))
            {
                components.Add(component);
                continue;
            }

            var spawn = await DetachedProcess.SpawnAsync(component.Launch, time, cancellationToken);
            if (!spawn.Succeeded)
            {
                return SandboxResult<string>.Fail($"{component.Name} did not start again: {spawn.Error}");
            }

            var restarted = component with { Pid = spawn.Pid };
            components.Add(restarted);
            if (await SandboxKindRegistry.Get(restarted.Kind).WaitReadyAsync(state, restarted, time, cancellationToken) is { } error)
            {
                await WriteStateAsync(state with { Components = components.Concat(state.Components.Skip(components.Count)).ToList() }, cancellationToken);
                return SandboxResult<string>.Fail(error);
            }

            done.Add($"{component.Name} started again (pid {spawn.Pid})");
        }

        await WriteStateAsync(state with { Components = components }, cancellationToken);
        return SandboxResult<string>.Ok($"{RestoreSite} {site}: {(done.Count == 0 ? "nothing of it was down (databases return through reprotect)" : string.Join("; ", done))}");
    }
}
