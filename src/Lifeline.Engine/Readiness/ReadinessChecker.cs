using Lifeline.Core.Estates;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Secrets;

namespace Lifeline.Engine.Readiness;

/// <summary>
/// Runs the pre-disaster checklist against one estate and profile: every item probes what it judges, now, in parallel,
/// and says what it saw. Shared by the CLI (<c>lifeline readiness</c>) and the server (API, dashboard, notifications).
/// </summary>
public sealed partial class ReadinessChecker(ProviderRegistry providers, TimeProvider time)
{
    public const string DrRole = "dr";

    public async Task<ReadinessReport> CheckAsync(LoadedEstate loaded, string profile, Func<string, string?> environment, ReadinessOptions options, CancellationToken cancellationToken)
    {
        var context = new CheckContext(loaded, profile, environment, options);
        var at = time.GetUtcNow();
        var items = await Task.WhenAll(
            Task.FromResult(ResourcesBound(context)),
            DrInfrastructureAsync(context, cancellationToken),
            ReplicationAsync(context, cancellationToken),
            BackupsAsync(context, cancellationToken),
            DnsFailoverAsync(context, cancellationToken),
            CertificatesAsync(context, cancellationToken),
            Task.FromResult(Credentials(context)),
            Task.FromResult(Contacts(context)));
        return new ReadinessReport(loaded.Estate.Name, profile, at, items);
    }

    private ReadinessItem Item(ReadinessItemKind kind, string name, ReadinessStatus status, string evidence) =>
        new(kind, name, status, evidence, time.GetUtcNow());

    /// <summary>
    /// One probe of one resource, through the monitor's own catalog and prober so readiness sees what the monitor sees.
    /// A binding whose settings cannot be resolved (a secret missing, a variable unset) cannot be probed: the reason comes
    /// back instead of an observation, and the caller reports the item not checked.
    /// </summary>
    private async Task<(Observation? Seen, string? Problem)> ProbeAsync(CheckContext context, Resource resource, ResourceMonitor monitor, CancellationToken cancellationToken)
    {
        var estate = context.Loaded.Estate with { Resources = [resource with { Monitor = monitor }] };
        var (calls, errors) = ProbeCatalog.Build(estate, context.Profile, context.Environment, context.Redactor);
        if (errors.Count > 0 || calls.Count == 0)
        {
            return (null, string.Join("; ", errors));
        }

        var prober = new Prober(providers, calls, "readiness", context.Options.ProbeTimeout, time);
        var seen = await prober.ProbeAsync(calls[0], cancellationToken);
        return (seen with { Detail = context.Redactor.Redact(seen.Detail) }, null);
    }

    private bool CanProbe(Binding binding, string probe) => providers.Find(binding.Provider)?.FindProbe(probe) is not null && providers.Implementation(binding.Provider) is not null;

    private static bool AtDrSite(Estate estate, Resource resource) => estate.FindSite(resource.Site)?.Role == DrRole;

    private static string Join(IEnumerable<string> lines) => string.Join("\n", lines);

    private sealed record CheckContext(LoadedEstate Loaded, string Profile, Func<string, string?> Environment, ReadinessOptions Options)
    {
        public Redactor Redactor { get; } = new();

        public Estate Estate => Loaded.Estate;

        /// <summary>The resources a plan written for this profile or the monitor uses.</summary>
        public IReadOnlySet<string> Used { get; } = ResourceUsage.Of(Loaded, Profile);
    }
}
