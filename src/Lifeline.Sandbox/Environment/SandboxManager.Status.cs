using System.Globalization;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

internal sealed partial class SandboxManager
{
    public async Task<SandboxResult<SandboxStatus>> StatusAsync(string directory, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(directory);
        var state = await ReadStateAsync(root, cancellationToken);
        if (state is null)
        {
            return SandboxResult<SandboxStatus>.Fail(NotASandbox(root));
        }

        var checks = state.Components.Select(async component =>
        {
            var alive = DetachedProcess.IsOurs(component.Pid, component.Marker);
            var (healthy, detail) = alive ? await Kinds.SandboxKindRegistry.Get(component.Kind).HealthAsync(state, component, cancellationToken) : (false, "not running");
            return new ComponentStatus(component.Name, component.Site, component.Pid, component.Endpoint, alive, healthy, detail);
        }).ToList();

        var statuses = (await Task.WhenAll(checks)).ToList();
        foreach (var service in state.Services)
        {
            var definition = await ProcessServiceController.ReadDefinitionAsync(root, service, cancellationToken);
            var serviceState = await ProcessServiceController.ReadStateAsync(root, service, cancellationToken);
            if (definition is null)
            {
                continue;
            }

            foreach (var instance in serviceState.Instances)
            {
                var alive = DetachedProcess.IsOurs(instance.Pid, instance.Marker);
                var healthy = alive && await Services.IsHealthyAsync(definition.HealthUrl(instance.Address), cancellationToken);
                statuses.Add(new ComponentStatus(
                    $"{service}/{instance.Address}", definition.Site, instance.Pid, $"{instance.Address}:{definition.Port.ToString(CultureInfo.InvariantCulture)}",
                    alive, healthy, !alive ? "not running" : healthy ? $"{definition.HealthPath} 200" : $"{definition.HealthPath} not answering 200"));
            }
        }

        return SandboxResult<SandboxStatus>.Ok(new SandboxStatus(root, statuses));
    }
}
