namespace Lifeline.Providers.ProcessService;

internal sealed partial class ProcessServiceController
{
    /// <summary>
    /// Sets (or with null removes) one variable of the service's definition and restarts the running instances with it,
    /// one at a time, each healthy before the next stops: a function's configuration update. Under the scale lock, so
    /// a scale never starts an instance from the old definition.
    /// </summary>
    public async Task<(VariableChange? Change, string? Error, bool Transient)> SetVariableAsync(
        string sandboxDirectory, string name, string variable, string? value, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var claim = await ServiceLock.AcquireAsync(Path.Combine(sandboxDirectory, "services", name, ".scale.lock"), time, cancellationToken);
        var definition = await ReadDefinitionAsync(sandboxDirectory, name, cancellationToken);
        if (definition is null)
        {
            return (null, $"service {name} is not defined in {sandboxDirectory} (no services/{name}/service.json)", false);
        }

        var previous = definition.Environment.TryGetValue(variable, out var found) ? found : null;
        if (previous == value)
        {
            return (new VariableChange(previous, false, definition.Revision, 0), null, false);
        }

        var environment = new Dictionary<string, string>(definition.Environment, StringComparer.Ordinal);
        if (value is null)
        {
            environment.Remove(variable);
        }
        else
        {
            environment[variable] = value;
        }

        var updated = definition with { Environment = environment, Revision = definition.Revision + 1 };
        await WriteDefinitionAsync(sandboxDirectory, updated, cancellationToken);

        var (restarted, error, transient) = await RestartLockedAsync(sandboxDirectory, updated, wait, cancellationToken);
        if (error is not null)
        {
            return (null, error, transient);
        }

        return (new VariableChange(previous, true, updated.Revision, restarted), null, false);
    }

    private async Task<(int Restarted, string? Error, bool Transient)> RestartLockedAsync(
        string sandboxDirectory, ServiceDefinition definition, TimeSpan wait, CancellationToken cancellationToken)
    {
        var state = await ReadStateAsync(sandboxDirectory, definition.Name, cancellationToken);
        var live = await LiveAsync(sandboxDirectory, definition, state, cancellationToken);
        var restarted = 0;
        foreach (var instance in live.OrderBy(i => i.Address, StringComparer.Ordinal).ToList())
        {
            await DetachedProcess.StopAsync(instance.Pid, instance.Marker, UnixSignal.Terminate, StopGrace, time, cancellationToken);
            var (started, error) = await StartInstanceAsync(sandboxDirectory, definition, instance.Address, definition.Environment, cancellationToken);
            live = [.. live.Where(l => l.Address != instance.Address)];
            if (started is not null)
            {
                live.Add(started);
            }

            await WriteStateAsync(sandboxDirectory, definition.Name, state with { Instances = live }, cancellationToken);
            if (started is null)
            {
                return (restarted, error, true);
            }

            var health = await WaitHealthyAsync(definition, 1, [started], wait, cancellationToken);
            if (health.Error is { } unhealthy)
            {
                return (restarted, unhealthy, health.IsTransient);
            }

            restarted++;
        }

        return (restarted, null, false);
    }
}
