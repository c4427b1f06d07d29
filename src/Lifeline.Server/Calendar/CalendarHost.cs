using Lifeline.Core.PlanFiles;
using Lifeline.Core.Providers;
using Lifeline.Engine.Calendar;
using Lifeline.Engine.Calendar.Communications;
using Lifeline.Engine.Drills;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Server.Hosting;
using Lifeline.Server.Runs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Lifeline.Server.Calendar;

/// <summary>
/// Runs every served estate's testing calendar inside the server (<c>serve --schedule</c>; off by default): due drills
/// through the host's drill environment, graded; tasks opened and their owners reminded once, through the estate's
/// notification channel; communications tests sent with links to this server's acknowledgement endpoint and graded. A
/// host without a drill environment (<c>lifeline-server</c>) does not run the calendar.
/// </summary>
internal sealed class CalendarHost(
    ServerOptions options, EstateCatalog estates, ServerState state, RunEventHub hub, ProviderRegistry providers, TimeProvider time, ILogger<CalendarHost> logger,
    AcknowledgementBook acknowledgements, IServer server, IDrillEnvironment? environment = null) : BackgroundService
{
    public CalendarScheduler? Scheduler { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ScheduleInterval is not { } interval)
        {
            return;
        }

        if (environment is null)
        {
            Log.CalendarUnavailable(logger);
            return;
        }

        // Communications tests link to this server's first address, where its acknowledgement endpoint listens.
        var communications = new CommunicationsTester(
            new CommunicationsTest(providers, acknowledgements, time), environment.Profile, options.Environment,
            () => new Uri(server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? options.Urls.Split(';')[0]));
        Scheduler = new CalendarScheduler(new EnvironmentDrillLauncher(environment, state, hub, options, time), time, CalendarStateFile.Beside(options.StatePath), communications);
        if (Scheduler.Problem is { } problem)
        {
            Log.CalendarStateUnreadable(logger, problem);
        }

        await Scheduler.RunAsync(Estates, interval, stoppingToken, (estate, ex) => Log.CalendarTickFailed(logger, estate, ex));
    }

    private List<(LoadedEstate Estate, IIncidentNotifier? Notifier)> Estates()
    {
        var served = new List<(LoadedEstate, IIncidentNotifier?)>();
        foreach (var name in estates.Names.Order(StringComparer.Ordinal))
        {
            if (estates.Load(name, null, new Dictionary<string, string>()).Estate is not { } first || first.Estate.Calendar.Count == 0)
            {
                continue;
            }

            // Reminders go through the drill environment's profile when the estate has it, else the estate's first.
            var profile = first.Estate.Profiles.Contains(environment!.Profile) ? environment.Profile : first.Estate.Profiles[0];
            if (estates.Load(name, profile, new Dictionary<string, string>()).Estate is not { } loaded)
            {
                continue;
            }

            var channel = ChannelNotifier.DefaultChannel(loaded.Estate, profile);
            served.Add((loaded, channel is null ? null : new ChannelNotifier(loaded.Estate, profile, channel, providers, options.Environment)));
        }

        return served;
    }
}
