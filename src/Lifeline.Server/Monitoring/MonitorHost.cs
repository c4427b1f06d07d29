using System.Collections.Concurrent;
using System.Globalization;
using Lifeline.Core.Providers;
using Lifeline.Engine.Monitoring;
using Lifeline.Server.Hosting;
using Lifeline.Server.Readiness;

namespace Lifeline.Server.Monitoring;

/// <summary>
/// <c>lifeline serve --monitor</c>: runs <see cref="MonitorService"/> for every served estate (in the monitor profile)
/// as a hosted service, and copies what it observes to <see cref="ResourceHealthBoard"/> (health per resource and
/// vantage point) and <see cref="LagHistory"/> (replication lag for the chart) once per probe interval. Detection,
/// decisions and anti-flapping are the engine's, exactly as <c>lifeline monitor</c> runs them.
/// </summary>
internal sealed class MonitorHost(
    ServerOptions options, EstateCatalog estates, ProviderRegistry providers, TimeProvider time, ResourceHealthBoard board, LagHistory lag, ILogger<MonitorHost> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, MonitorEventLog> _watching = new(StringComparer.Ordinal);

    public bool Enabled => options.MonitorInterval is not null;

    /// <summary>The estates being watched, with their profile and recent events.</summary>
    public IReadOnlyDictionary<string, MonitorEventLog> Watching => _watching;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.MonitorInterval is not { } interval)
        {
            return;
        }

        var watching = new List<Task>();
        foreach (var name in estates.Names)
        {
            var (first, _, _) = estates.Load(name, null, new Dictionary<string, string>());
            var profile = options.MonitorProfile ?? first?.Estate.Profiles.FirstOrDefault();
            if (first is null || profile is null || !first.Estate.Profiles.Contains(profile))
            {
                Log.MonitorNotStarted(logger, name, first is null ? "the estate does not load" : $"it has no profile '{profile}'");
                continue;
            }

            var (loaded, diagnostics, _) = estates.Load(name, profile, new Dictionary<string, string>());
            if (loaded is null)
            {
                Log.MonitorNotStarted(logger, name, string.Join("; ", diagnostics.Where(d => d.IsError)));
                continue;
            }

            var events = new MonitorEventLog(name, profile, logger);
            var monitorOptions = new MonitorOptions(loaded, profile, options.MonitorMode, options.StatePath) { Interval = interval };
            var (monitor, errors) = await MonitorService.CreateAsync(monitorOptions, providers, options.Environment, time, events, stoppingToken);
            if (monitor is null)
            {
                Log.MonitorNotStarted(logger, name, string.Join("; ", errors));
                continue;
            }

            _watching[name] = events;
            watching.Add(WatchAsync(name, monitor, interval, stoppingToken));
        }

        await Task.WhenAll(watching);
    }

    private async Task WatchAsync(string estate, MonitorService monitor, TimeSpan interval, CancellationToken stoppingToken)
    {
        await using (monitor)
        {
            var probing = Task.Run(() => monitor.RunAsync(stoppingToken), CancellationToken.None);
            while (!stoppingToken.IsCancellationRequested)
            {
                Copy(estate, monitor.Window);
                try
                {
                    await Task.Delay(interval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            await probing;
        }
    }

    /// <summary>Copies the latest observation of every resource and vantage point to the board and the lag history.</summary>
    internal void Copy(string estate, ObservationWindow window)
    {
        foreach (var observation in window.LatestAll())
        {
            board.Report(new ResourceObservation(estate, observation.Resource, observation.Healthy ? "healthy" : "down", observation.At, observation.Fields)
            {
                Vantage = observation.Vantage,
                Detail = observation.Detail,
            });
            if (double.TryParse(observation.Field(LagHistory.Field), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            {
                lag.Add(estate, observation.Resource, observation.Vantage, new LagPoint(observation.At, seconds));
            }
        }
    }
}
