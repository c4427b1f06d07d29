using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Incidents.Escalation;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline incident ack</c> and <c>lifeline incident escalate</c>.</summary>
internal static partial class IncidentCommand
{
    private static Command Ack(CliServices services)
    {
        var id = IncidentId();
        var who = As();
        var command = new Command("ack", "Acknowledge the incident: you have it, escalation stops.") { id, who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var (ack, error) = await incidents.AcknowledgeAsync(parse.GetValue(id)!, Operator.Name(parse.GetValue(who)), cancellationToken);
                if (ack is null)
                {
                    return Done(error, "");
                }

                if (GlobalOptions.Json(parse))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(ack, IncidentJson.Default.IncidentAcknowledgement));
                    return ExitCodes.Success;
                }

                return Done(null, ack.AlreadyAcknowledged
                    ? $"{ack.IncidentId} was already acknowledged by {ack.By} at {ack.At.ToString("u", CultureInfo.InvariantCulture)}"
                    : $"#{ack.Sequence} {ack.IncidentId} acknowledged by {ack.By}; escalation stopped");
            }
        });
        return command;
    }

    private static Command Escalate(CliServices services)
    {
        var id = new Argument<string?>("incident-id") { Description = "One incident (default: every incident).", Arity = ArgumentArity.ZeroOrOne };
        var estate = EstateInput.EstateOption();
        estate.Description = "Estate directory: its escalation levels, contacts and notification channels.";
        var profile = EstateInput.ProfileOption("Bindings for the notification channel (default: production).");
        var channel = new Option<string?>("--channel") { Description = "Notification-channel resource to page through (default: the estate's first one bound in the profile)." };
        var log = new Option<string?>("--log") { Description = "Append pages and reminders as JSON lines to this file instead of a channel (default when the estate has no channel: pages.log beside the state database)." };
        var once = new Option<bool>("--once") { Description = "Evaluate once and exit (default: keep evaluating every --interval until interrupted)." };
        var interval = new Option<string>("--interval") { Description = "Time between evaluations when not --once (e.g. 30s, 1m).", DefaultValueFactory = _ => "1m" };
        var extra = new ExtraChannelOptions();
        var command = new Command("escalate", "Page escalation levels that are due for unacknowledged incidents, and send breach-clock reminders; each is sent once and recorded on the timeline.")
        {
            id, estate, profile, channel, log, once, interval,
        };
        extra.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            if (!Core.Time.DurationText.TryParse(parse.GetValue(interval), out var every) || every <= TimeSpan.Zero)
            {
                Terminal.Fail($"--interval '{parse.GetValue(interval)}' is not a duration such as 30s or 1m");
                return ExitCodes.BadInput;
            }

            var chosenProfile = parse.GetValue(profile) ?? "production";
            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, chosenProfile, [], json);
            if (loaded is null)
            {
                return exit;
            }

            var (extras, extraError) = extra.Read(parse, loaded.Estate);
            if (extras is null)
            {
                Terminal.Fail(extraError!);
                return ExitCodes.BadInput;
            }

            var statePath = GlobalOptions.StatePath(parse);
            IIncidentNotifier notifier;
            var channelId = parse.GetValue(channel) ?? (parse.GetValue(log) is null ? ChannelNotifier.DefaultChannel(loaded.Estate, chosenProfile) : null);
            if (channelId is not null)
            {
                if (loaded.Estate.FindResource(channelId) is not { Kind: "notification-channel" })
                {
                    Terminal.Fail($"--channel '{channelId}' is not a notification-channel resource of estate '{loaded.Estate.Name}'");
                    return ExitCodes.BadInput;
                }

                notifier = new ChannelNotifier(loaded.Estate, chosenProfile, channelId, services.Providers, CliServices.ProcessEnvironment, extras);
            }
            else
            {
                notifier = new LogFileNotifier(parse.GetValue(log) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(statePath))!, "pages.log"), services.Time);
            }

            var (_, _, store) = await services.OpenIncidentsAsync(statePath, cancellationToken);
            await using (store)
            {
                var incidentStore = await SqliteIncidentStore.OpenAsync(statePath, cancellationToken);
                var service = new IncidentEscalationService(incidentStore, loaded.Estate, notifier, store.Audit);
                var failed = false;
                while (true)
                {
                    var now = services.Time.GetUtcNow();
                    EscalationTick tick;
                    if (parse.GetValue(id) is { } incidentId)
                    {
                        var (one, error) = await service.TickAsync(incidentId, now, cancellationToken);
                        if (one is null)
                        {
                            Terminal.Fail(error!);
                            return ExitCodes.BadInput;
                        }

                        tick = one;
                    }
                    else
                    {
                        tick = await service.TickAsync(now, cancellationToken);
                    }

                    Write(tick, json);
                    failed |= !tick.Ok;
                    if (parse.GetValue(once))
                    {
                        break;
                    }

                    try
                    {
                        await Task.Delay(every, services.Time, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }

                return failed ? ExitCodes.RunFailed : ExitCodes.Success;
            }
        });
        return command;
    }

    private static void Write(EscalationTick tick, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(tick, EscalationJson.Default.EscalationTick));
            return;
        }

        foreach (var notice in tick.Notices)
        {
            if (notice.Delivered)
            {
                Console.Out.WriteLine($"{notice.IncidentId}: {notice.Key} ({string.Join(", ", notice.To)}) via {notice.Via}");
            }
            else
            {
                Terminal.Fail($"{notice.IncidentId}: {notice.Key} not sent, will retry: {notice.Error}");
            }
        }

        if (tick.Notices.Count == 0)
        {
            Console.Out.WriteLine($"{tick.At.ToString("u", CultureInfo.InvariantCulture)}: nothing due ({tick.IncidentsChecked} incident(s) checked)");
        }
    }
}
