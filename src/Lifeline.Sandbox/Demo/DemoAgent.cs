using System.Net;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Engine.Monitoring.Remote;
using Lifeline.Engine.Secrets;
using Lifeline.Sandbox.Environment;

namespace Lifeline.Sandbox.Demo;

/// <summary>
/// <c>demo --auto</c>'s self-fencing agent at the primary site: it reports from the site's own address to the monitor's
/// agent door and holds the primary database member's primary-role lease (the estate resource the member stands for), reaching its database over the local socket. Everything it
/// starts, it stops. The agent door is authenticated as in production: the agent presents a credential bound to its
/// vantage name, issued from a credential store of the demo's own (a temporary file), so the user's state keeps its
/// agents untouched.
/// </summary>
internal sealed class DemoAgent : IAsyncDisposable
{
    public static readonly TimeSpan LeaseTtl = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stop = new();
    private readonly ObservationReceiver _receiver;
    private readonly Task _receiving;
    private readonly Task _agent;
    private readonly DirectoryInfo _credentials;

    private DemoAgent(ObservationReceiver receiver, MonitorAgent agent, DirectoryInfo credentials)
    {
        _receiver = receiver;
        _credentials = credentials;
        _receiving = receiver.RunAsync(_stop.Token);
        _agent = agent.RunAsync(_stop.Token);
    }

    /// <summary>Starts the monitor's agent door and the agent; null with a reason when the estate has nothing to lease.</summary>
    public static async Task<(DemoAgent? Agent, string? Problem)> StartAsync(
        MonitorService monitor, LoadedEstate loaded, DemoTargets targets, string profile, ProviderRegistry providers, Func<string, string?> environment, TimeSpan interval, TimeProvider time, IProgress<string> progress, CancellationToken cancellationToken)
    {
        var (calls, errors) = ProbeCatalog.Build(loaded.Estate, profile, environment, new Redactor());
        if (targets.PrimaryResource is not { } resource)
        {
            return (null, "the sandbox's primary database member names no estate resource (resource:) to lease");
        }

        if (errors.Count > 0 || calls.FirstOrDefault(c => c.Resource == resource) is not { } primary)
        {
            return (null, errors.Count > 0 ? string.Join("; ", errors) : $"the estate has no monitored {resource} to lease");
        }

        var vantage = $"{targets.PrimarySite}-site";
        var local = new Dictionary<string, string>(primary.Settings, StringComparer.Ordinal) { ["host"] = targets.SocketDirectory, ["data-dir"] = targets.PrimaryData };
        var lease = new SelfFencingLease(providers, new SelfFencingOptions(primary with { Settings = local }, LeaseTtl, "stop"), time, progress);
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePorts.Pick([IPAddress.Loopback], new HashSet<int>()));
        var credentials = Directory.CreateTempSubdirectory("lifeline-demo-agents-");
        var store = await AgentCredentialStore.OpenAsync(Path.Combine(credentials.FullName, "agents.db"), time, cancellationToken);
        var (token, problem) = await store.AddAsync(vantage, cancellationToken);
        if (token is null)
        {
            credentials.Delete(recursive: true);
            return (null, problem);
        }

        var receiver = new ObservationReceiver(monitor, endpoint, store, time);
        receiver.Start();
        var prober = new Prober(providers, calls, vantage, interval * 0.8, time);
        var agent = new MonitorAgent(prober, new Uri($"http://{endpoint}/"), token, interval, time, progress)
        {
            Lease = lease,
            Source = IPAddress.Parse(SitePartition.HostAddress(targets.PrimarySiteIndex)),
        };
        return (new DemoAgent(receiver, agent, credentials), null);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _agent;
        await _receiving;
        _receiver.Dispose();
        _stop.Dispose();
        _credentials.Delete(recursive: true);
    }
}
