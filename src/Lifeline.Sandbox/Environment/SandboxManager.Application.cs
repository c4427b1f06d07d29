using System.Globalization;
using Lifeline.Providers.ProcessService;

namespace Lifeline.Sandbox.Environment;

/// <summary>
/// Application-level faults (ADR 0025): a bad deployment, and a breach. Neither kills a process; each leaves the
/// estate in a state only its plan's remedy (a rollback; isolation, evidence and a clean redeployment) puts right.
/// </summary>
internal sealed partial class SandboxManager
{
    public const string DeployBroken = "deploy-broken";
    public const string Breach = "breach";

    /// <summary>What <c>deploy-broken</c> sets in the revision's environment: the portal then fails its health check.</summary>
    public const string BrokenVariable = "PORTAL_BROKEN";

    /// <summary>
    /// Registers a new revision of a process service that fails its health check, and deploys it at the service's
    /// desired count, as a bad release would be: every instance is replaced, none of the new ones is healthy.
    /// </summary>
    private async Task<SandboxResult<string>> DeployBrokenAsync(string root, SandboxState state, string? service, CancellationToken cancellationToken)
    {
        if (service is null || !state.Services.Contains(service))
        {
            return SandboxResult<string>.Fail($"{DeployBroken} needs a process service; expected one of: {string.Join(", ", state.Services)}");
        }

        var revision = await Services.RegisterAsync(root, service, new Dictionary<string, string> { [BrokenVariable] = "1" }, "broken build (sandbox fault)", cancellationToken);
        // No wait for health: a broken revision never becomes healthy, and the fault is that it was deployed.
        var deployment = await Services.DeployAsync(root, service, revision.Number, TimeSpan.Zero, cancellationToken);
        var status = await Services.StatusAsync(root, service, cancellationToken);
        var running = status.Report is { } report ? $"{report.Running.Count.ToString(CultureInfo.InvariantCulture)} instances running, {report.HealthyAddresses.Count.ToString(CultureInfo.InvariantCulture)} healthy" : status.Error;
        return SandboxResult<string>.Ok($"{DeployBroken} {service}: revision {deployment.From.ToString(CultureInfo.InvariantCulture)} -> {revision.Number.ToString(CultureInfo.InvariantCulture)} (broken); {running}");
    }

    /// <summary>
    /// A simulated intrusion at a site: an intruder's file dropped on the volume of each process service there (what a
    /// forensic volume snapshot must capture). Nothing stops; the intruder is in, and only the plan's isolation ends it.
    /// </summary>
    private async Task<SandboxResult<string>> BreachAsync(string root, SandboxState state, string? site, CancellationToken cancellationToken)
    {
        site ??= FirstPrimary(state)?.Site;
        if (site is null || !state.Topology.Sites.Contains(site))
        {
            return SandboxResult<string>.Fail($"{Breach} needs a site; expected one of: {string.Join(", ", state.Topology.Sites)}");
        }

        var dropped = new List<string>();
        foreach (var service in await ServicesInAsync(root, state, site, cancellationToken))
        {
            var file = Path.Combine(ProcessServiceController.ServiceDirectory(root, service), BreachArtefact);
            await File.WriteAllTextAsync(file, $"simulated intruder artefact, dropped {time.GetUtcNow():O} by lifeline sandbox fault {Breach}\n", cancellationToken);
            dropped.Add(file);
        }

        return dropped.Count == 0
            ? SandboxResult<string>.Fail($"{Breach} {site}: no process service runs there")
            : SandboxResult<string>.Ok($"{Breach} {site}: intruder artefact on {string.Join(", ", dropped)}");
    }

    /// <summary>The file a breach leaves in a service's directory.</summary>
    public const string BreachArtefact = "intruder-artefact.txt";
}
