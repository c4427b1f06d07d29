using System.Globalization;
using Lifeline.Providers.Files;

namespace Lifeline.Providers.ProcessService;

/// <summary>
/// Numbered revisions, as ECS task definition revisions: register one, deploy one (every running instance is replaced
/// by one of the new revision, at the same desired count), roll back to the one before.
/// </summary>
internal sealed partial class ProcessServiceController
{
    public static async Task<ServiceRevisions> ReadRevisionsAsync(string sandboxDirectory, string name, CancellationToken cancellationToken) =>
        await AtomicFile.ReadJsonAsync<ServiceRevisions>(RevisionsFile(sandboxDirectory, name), cancellationToken) ?? ServiceRevisions.Initial;

    /// <summary>Reads a revision as a number, <c>service:N</c> or anything ending in <c>:N</c> (a task definition ARN's shape).</summary>
    public static int? ParseRevision(string text)
    {
        var tail = text.Trim();
        tail = tail[(tail.LastIndexOf(':') + 1)..];
        return int.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;
    }

    /// <summary>Registers a new revision with extra environment; it is deployed only when asked.</summary>
    public async Task<ServiceRevision> RegisterAsync(
        string sandboxDirectory, string name, IReadOnlyDictionary<string, string> environment, string? description, CancellationToken cancellationToken)
    {
        using var claim = await ServiceLock.AcquireAsync(LockFile(sandboxDirectory, name), time, cancellationToken);
        var revisions = await ReadRevisionsAsync(sandboxDirectory, name, cancellationToken);
        var revision = new ServiceRevision(revisions.Next, new Dictionary<string, string>(environment, StringComparer.Ordinal), description);
        await AtomicFile.WriteJsonAsync(RevisionsFile(sandboxDirectory, name), revisions with { Registered = [.. revisions.Registered, revision] }, cancellationToken);
        return revision;
    }

    /// <summary>
    /// Deploys a revision (null: the deployed one again, so new instances start): every running instance is stopped and
    /// the desired count started anew on that revision, then waited for as a scale is. At desired 0 only the record changes.
    /// </summary>
    public async Task<ServiceDeployment> DeployAsync(string sandboxDirectory, string name, int? revision, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var claim = await ServiceLock.AcquireAsync(LockFile(sandboxDirectory, name), time, cancellationToken);
        var revisions = await ReadRevisionsAsync(sandboxDirectory, name, cancellationToken);
        var to = revision ?? revisions.Current;
        return revisions.Find(to) is null
            ? new ServiceDeployment(ServiceOutcome.Failed($"service {name} has no revision {to.ToString(CultureInfo.InvariantCulture)}; registered: {Registered(revisions)}"), revisions.Current, revisions.Current)
            : await DeployLockedAsync(sandboxDirectory, name, revisions, to, wait, cancellationToken);
    }

    /// <summary>Deploys the highest revision below the deployed one, or the one named.</summary>
    public async Task<ServiceDeployment> RollbackAsync(string sandboxDirectory, string name, int? to, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var claim = await ServiceLock.AcquireAsync(LockFile(sandboxDirectory, name), time, cancellationToken);
        var revisions = await ReadRevisionsAsync(sandboxDirectory, name, cancellationToken);
        var target = to is { } named ? revisions.Find(named) : revisions.Previous;
        if (target is null)
        {
            var why = to is { } missing
                ? $"service {name} has no revision {missing.ToString(CultureInfo.InvariantCulture)}; registered: {Registered(revisions)}"
                : $"service {name} runs revision {revisions.Current.ToString(CultureInfo.InvariantCulture)}, its oldest: nothing to roll back to";
            return new ServiceDeployment(ServiceOutcome.Failed(why), revisions.Current, revisions.Current);
        }

        return await DeployLockedAsync(sandboxDirectory, name, revisions, target.Number, wait, cancellationToken);
    }

    private async Task<ServiceDeployment> DeployLockedAsync(
        string sandboxDirectory, string name, ServiceRevisions revisions, int to, TimeSpan wait, CancellationToken cancellationToken)
    {
        var definition = await ReadDefinitionAsync(sandboxDirectory, name, cancellationToken);
        if (definition is null)
        {
            return new ServiceDeployment(ServiceOutcome.Failed($"service {name} is not defined in {sandboxDirectory} (no services/{name}/service.json)"), revisions.Current, revisions.Current);
        }

        await AtomicFile.WriteJsonAsync(RevisionsFile(sandboxDirectory, name), revisions with { Current = to }, cancellationToken);
        var state = await ReadStateAsync(sandboxDirectory, name, cancellationToken);
        var live = await LiveAsync(sandboxDirectory, definition, state, cancellationToken);
        await Task.WhenAll(live.Select(i => DetachedProcess.StopAsync(i.Pid, i.Marker, UnixSignal.Terminate, StopGrace, time, cancellationToken)));
        await WriteStateAsync(sandboxDirectory, name, state with { Instances = [] }, cancellationToken);
        var outcome = await ScaleLockedAsync(sandboxDirectory, name, state.Desired, new Dictionary<string, string>(), wait, cancellationToken);
        return new ServiceDeployment(outcome.Report is { } report ? ServiceOutcome.Of(report with { Revision = to }) : outcome, revisions.Current, to);
    }

    private static string Registered(ServiceRevisions revisions) =>
        string.Join(", ", revisions.Registered.Select(r => r.Number.ToString(CultureInfo.InvariantCulture)));

    private static string RevisionsFile(string sandboxDirectory, string name) => Path.Combine(ServiceDirectory(sandboxDirectory, name), "revisions.json");

    private static string LockFile(string sandboxDirectory, string name) => Path.Combine(ServiceDirectory(sandboxDirectory, name), ".scale.lock");
}
