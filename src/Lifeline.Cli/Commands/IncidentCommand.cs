using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Remote;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Incidents;
using Lifeline.Engine.Incidents.Reviews;
using Lifeline.Engine.Reports;
using Spectre.Console;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline incident open|list|show|note|ack|escalate|status|publish|resolve|link|impact|review</c>.</summary>
internal static partial class IncidentCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("incident", "Open and run incidents: timeline, status, impact, post-incident review.");
        command.Subcommands.Add(Open(services));
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Show(services));
        command.Subcommands.Add(Note(services));
        command.Subcommands.Add(Ack(services));
        command.Subcommands.Add(Escalate(services));
        command.Subcommands.Add(Status(services));
        command.Subcommands.Add(Publish(services));
        command.Subcommands.Add(Resolve(services));
        command.Subcommands.Add(Link(services));
        command.Subcommands.Add(Impact(services));
        command.Subcommands.Add(Review(services));
        return command;
    }

    private static Argument<string> IncidentId() => new("incident-id") { Description = "The incident's id (see lifeline incident list)." };

    private static Option<string?> As() => new("--as") { Description = "Who is acting (default: $LIFELINE_USER or the login name)." };

    private static Option<string?> At(string description) => new("--at") { Description = description };

    private static bool TryTime(string? text, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        Terminal.Fail($"'{text}' is not a time; expected ISO 8601 such as 2026-11-23T03:12:00Z");
        return false;
    }

    private static int Done(string? error, string message)
    {
        if (error is not null)
        {
            Terminal.Fail(error);
            return ExitCodes.BadInput;
        }

        Console.Out.WriteLine(message);
        return ExitCodes.Success;
    }

    private static Command Open(CliServices services)
    {
        var title = new Option<string>("--title") { Description = "What is happening.", Required = true };
        var severity = new Option<string>("--severity") { Description = "P1 complete outage, P2 partial outage, P3 degraded service, P4 minor issue.", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = "The scenario, e.g. region-failover." };
        var commander = new Option<string?>("--commander") { Description = "Incident commander (default: whoever opens it)." };
        var breach = new Option<bool>("--possible-breach") { Description = "Flag a possible PHI breach: starts the breach clock." };
        var at = At("When it started (ISO 8601), if earlier than now.");
        var who = As();
        var command = new Command("open", "Open an incident by hand.") { title, severity, scenario, commander, breach, at, who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryTime(parse.GetValue(at), out var started))
            {
                return ExitCodes.BadInput;
            }

            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var (incident, error) = await incidents.OpenAsync(parse.GetValue(title)!, parse.GetValue(severity)!, parse.GetValue(scenario), Operator.Name(parse.GetValue(who)), parse.GetValue(commander), parse.GetValue(breach), started, cancellationToken);
                return Done(error, incident?.Id ?? "");
            }
        });
        return command;
    }

    private static Command List(CliServices services)
    {
        var command = new Command("list", "Incidents, newest first.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (RemoteTarget.From(parse) is { } remote)
            {
                return await RemoteIncidents.ListAsync(remote, GlobalOptions.Json(parse), cancellationToken);
            }

            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var all = await incidents.ListAsync(cancellationToken);
                if (GlobalOptions.Json(parse))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(all, IncidentJson.Default.IReadOnlyListIncident));
                    return ExitCodes.Success;
                }

                var table = new Table().AddColumns("Incident", "Severity", "Status", "Title", "Opened", "Commander", "Runs");
                foreach (var i in all)
                {
                    table.AddRow(i.Id, i.Severity, IncidentService.Name(i.Status), Markup.Escape(i.Title), i.OpenedAt.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(i.Commander), i.Runs.Count.ToString(CultureInfo.InvariantCulture));
                }

                Terminal.Out.Write(table);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Show(CliServices services)
    {
        var id = IncidentId();
        var command = new Command("show", "An incident with its complete timeline.") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (RemoteTarget.From(parse) is { } remote)
            {
                return await RemoteIncidents.ShowAsync(remote, parse.GetValue(id)!, GlobalOptions.Json(parse), cancellationToken);
            }

            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                if (await incidents.ViewAsync(parse.GetValue(id)!, cancellationToken) is not { } view)
                {
                    Terminal.Fail($"no incident '{parse.GetValue(id)}'; see lifeline incident list");
                    return ExitCodes.BadInput;
                }

                if (GlobalOptions.Json(parse))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(view, IncidentJson.Default.IncidentView));
                    return ExitCodes.Success;
                }

                IncidentRenderer.Write(view);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Note(CliServices services)
    {
        var id = IncidentId();
        var text = new Argument<string?>("text") { Description = "The note.", Arity = ArgumentArity.ZeroOrOne };
        var at = At("When it happened (ISO 8601); with --correct, the corrected time.");
        var correct = new Option<long?>("--correct") { Description = "Correct the time of note number N (the correction is recorded, the note is not edited)." };
        var reason = new Option<string?>("--reason") { Description = "Why the time is corrected." };
        var who = As();
        var command = new Command("note", "Add a note to the timeline, or correct a note's time.") { id, text, at, correct, reason, who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryTime(parse.GetValue(at), out var when))
            {
                return ExitCodes.BadInput;
            }

            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var by = Operator.Name(parse.GetValue(who));
                if (parse.GetValue(correct) is { } sequence)
                {
                    if (when is null)
                    {
                        Terminal.Fail("--correct needs --at with the corrected time");
                        return ExitCodes.BadInput;
                    }

                    var (corrected, correctError) = await incidents.CorrectNoteTimeAsync(parse.GetValue(id)!, sequence, when.Value, by, parse.GetValue(reason), cancellationToken);
                    return Done(correctError, $"#{corrected?.Sequence} {corrected?.Text}");
                }

                if (string.IsNullOrWhiteSpace(parse.GetValue(text)))
                {
                    Terminal.Fail("a note needs text");
                    return ExitCodes.BadInput;
                }

                var (entry, error) = await incidents.NoteAsync(parse.GetValue(id)!, by, parse.GetValue(text)!, when, cancellationToken);
                return Done(error, $"#{entry?.Sequence} noted");
            }
        });
        return command;
    }

    private static Command Status(CliServices services)
    {
        var id = IncidentId();
        var status = new Argument<string>("status") { Description = "investigating, mitigating, monitoring or resolved." };
        status.AcceptOnlyFromAmong("investigating", "mitigating", "monitoring", "resolved");
        var who = As();
        var command = new Command("status", "Move the incident to another status.") { id, status, who };
        command.SetAction(async (parse, cancellationToken) =>
            await SetStatusAsync(services, parse, parse.GetValue(id)!, WireName.Parse<IncidentStatus>(parse.GetValue(status)!), parse.GetValue(who), cancellationToken));
        return command;
    }

    private static Command Resolve(CliServices services)
    {
        var id = IncidentId();
        var who = As();
        var command = new Command("resolve", "Resolve the incident (follow-ups fall due from now).") { id, who };
        command.SetAction(async (parse, cancellationToken) =>
            await SetStatusAsync(services, parse, parse.GetValue(id)!, IncidentStatus.Resolved, parse.GetValue(who), cancellationToken));
        return command;
    }

    private static async Task<int> SetStatusAsync(CliServices services, ParseResult parse, string id, IncidentStatus status, string? who, CancellationToken cancellationToken)
    {
        var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
        await using (store)
        {
            var (incident, error) = await incidents.SetStatusAsync(id, status, Operator.Name(who), cancellationToken);
            return Done(error, $"{incident?.Id} is {IncidentService.Name(status)}");
        }
    }

    private static Command Link(CliServices services)
    {
        var id = IncidentId();
        var run = new Argument<string>("run-id") { Description = "A run (see lifeline runs list)." };
        var who = As();
        var command = new Command("link", "Link a run to the incident; its events join the timeline.") { id, run, who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var (incident, error) = await incidents.LinkRunAsync(parse.GetValue(id)!, parse.GetValue(run)!, Operator.Name(parse.GetValue(who)), cancellationToken);
                return Done(error, $"{incident?.Id}: run {parse.GetValue(run)} linked");
            }
        });
        return command;
    }

    private static Command Impact(CliServices services)
    {
        var id = IncidentId();
        var users = new Option<int?>("--users") { Description = "Users affected." };
        var lost = new Option<int?>("--lost-writes") { Description = "Acknowledged writes lost (normally taken from the run's measured RPO)." };
        var who = As();
        var command = new Command("impact", "Record the incident's impact.") { id, users, lost, who };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (incidents, _, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                var current = await incidents.GetAsync(parse.GetValue(id)!, cancellationToken);
                var impact = new IncidentImpact(parse.GetValue(users) ?? current?.Impact.UsersAffected, parse.GetValue(lost) ?? current?.Impact.LostWrites, current?.Impact.LostWindowS);
                var (incident, error) = await incidents.RecordImpactAsync(parse.GetValue(id)!, impact, Operator.Name(parse.GetValue(who)), cancellationToken);
                return Done(error, $"{incident?.Id}: impact recorded");
            }
        });
        return command;
    }

    private static Command Review(CliServices services)
    {
        var id = IncidentId();
        var output = new Option<string?>("--out") { Description = "Also write REVIEW.md and REVIEW.html into this directory." };
        var command = new Command("review", "Write the post-incident review (MedZen's template), filled from the timeline and measured figures.") { id, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (incidents, runs, store) = await services.OpenIncidentsAsync(GlobalOptions.StatePath(parse), cancellationToken);
            await using (store)
            {
                if (await incidents.ViewAsync(parse.GetValue(id)!, cancellationToken) is not { } view)
                {
                    Terminal.Fail($"no incident '{parse.GetValue(id)}'; see lifeline incident list");
                    return ExitCodes.BadInput;
                }

                var reports = new List<RunReport>();
                foreach (var runId in view.Incident.Runs)
                {
                    if (await runs.ReportAsync(runId, cancellationToken) is { } report)
                    {
                        reports.Add(report);
                    }
                }

                var markdown = PostIncidentReview.Markdown(view, reports, services.Time.GetUtcNow());
                if (parse.GetValue(output) is { } directory)
                {
                    Directory.CreateDirectory(directory);
                    var stem = Path.Combine(directory, $"{view.Incident.Id}-review");
                    await File.WriteAllTextAsync(stem + ".md", markdown, cancellationToken);
                    await File.WriteAllTextAsync(stem + ".html", PostIncidentReview.Html(markdown), cancellationToken);
                    Console.Error.WriteLine($"wrote {stem}.md and {stem}.html");
                }

                Console.Out.Write(markdown);
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
