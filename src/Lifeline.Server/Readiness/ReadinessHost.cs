using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Engine.Readiness;
using Lifeline.Server.Hosting;

namespace Lifeline.Server.Readiness;

/// <summary>
/// Continuous readiness in <c>lifeline serve</c>: every served estate is checked every
/// <see cref="ServerOptions.ReadinessInterval"/> (in the monitor profile, else its first profile), each change is logged
/// and sent through the estate's notification channel, and the API and dashboard read the history. With no interval the
/// checks run only when someone asks.
/// </summary>
internal sealed class ReadinessHost(ServerOptions options, EstateCatalog estates, ProviderRegistry providers, TimeProvider time, ILogger<ReadinessHost> logger)
    : BackgroundService
{
    private readonly ReadinessWatch _watch = new(new ReadinessChecker(providers, time), new ReadinessHistory());

    public ReadinessHistory History => _watch.History;

    /// <summary>Checks every served estate now; estates that do not load are left out.</summary>
    public async Task<IReadOnlyList<ReadinessReport>> CheckAllAsync(CancellationToken cancellationToken)
    {
        var reports = new List<ReadinessReport>();
        foreach (var name in estates.Names.Order(StringComparer.Ordinal))
        {
            if (await CheckAsync(name, cancellationToken) is { } report)
            {
                reports.Add(report);
            }
        }

        return reports;
    }

    /// <summary>The latest report of every estate, checking those never checked.</summary>
    public async Task<IReadOnlyList<ReadinessReport>> LatestAsync(CancellationToken cancellationToken)
    {
        var reports = new List<ReadinessReport>();
        foreach (var name in estates.Names.Order(StringComparer.Ordinal))
        {
            if ((History.Latest(name) ?? await CheckAsync(name, cancellationToken)) is { } report)
            {
                reports.Add(report);
            }
        }

        return reports;
    }

    public async Task<ReadinessReport?> CheckAsync(string estate, CancellationToken cancellationToken)
    {
        if (Load(estate) is not ({ } loaded, { } profile))
        {
            return null;
        }

        IReadOnlyList<IReadinessObserver> observers = ChannelNotifier.DefaultChannel(loaded.Estate, profile) is { } channel
            ? [new LoggedChange(logger), new ReadinessNotifier(loaded.Estate, new ChannelNotifier(loaded.Estate, profile, channel, providers, options.Environment))]
            : [new LoggedChange(logger)];
        var (report, _) = await _watch.CheckAsync(loaded, profile, options.Environment, ReadinessOptions.Default, observers, cancellationToken);
        return report;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ReadinessInterval is not { } interval)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            await CheckAllAsync(stoppingToken);
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private (LoadedEstate? Loaded, string? Profile) Load(string name)
    {
        var (first, _, _) = estates.Load(name, null, new Dictionary<string, string>());
        var profile = options.MonitorProfile ?? first?.Estate.Profiles.FirstOrDefault();
        if (first is null || profile is null || !first.Estate.Profiles.Contains(profile))
        {
            return (null, null);
        }

        return (estates.Load(name, profile, new Dictionary<string, string>()).Estate, profile);
    }

    private sealed class LoggedChange(ILogger logger) : IReadinessObserver
    {
        public Task OnChangedAsync(ReadinessChange change, CancellationToken cancellationToken)
        {
            Log.ReadinessChanged(logger, change.Summary, change.Evidence);
            return Task.CompletedTask;
        }
    }
}
