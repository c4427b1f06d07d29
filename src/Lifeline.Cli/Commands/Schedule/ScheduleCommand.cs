using System.CommandLine;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.PlanFiles;
using Lifeline.Core.Time;
using Lifeline.Engine.Calendar;
using Lifeline.Engine.Incidents.Escalation;
using Lifeline.Sandbox.Drills;

namespace Lifeline.Cli.Commands.Schedule;

/// <summary>
/// <c>lifeline schedule</c>: the estate's testing calendar. With <c>--once</c> it prints every item's next due time and
/// exits; otherwise it runs the calendar in the foreground: due drills in a fresh sandbox, graded; tasks opened, their
/// owners reminded once when overdue.
/// </summary>
internal static class ScheduleCommand
{
    public static Command Create(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var profile = EstateInput.ProfileOption("Profile whose notification channel reminders go through (default: sandbox when declared, else the estate's first).");
        var once = new Option<bool>("--once") { Description = "Print the calendar (next due per item) and exit." };
        var interval = new Option<string>("--interval") { Description = "How often the calendar is looked at.", DefaultValueFactory = _ => "1m" };
        var sandbox = DrillSandbox.ProbeOption();
        var duration = new Option<string?>("--for") { Description = "Stop after this long (default: until Ctrl-C)." };
        var command = new Command("schedule", "Run the estate's testing calendar: scheduled, graded, self-cleaning drills and tracked human tasks.") { estate, profile, once, interval, duration, sandbox };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            if (!DurationText.TryParse(parse.GetValue(interval)!, out var every) || every <= TimeSpan.Zero)
            {
                Terminal.Fail($"--interval '{parse.GetValue(interval)}' is not a positive duration; expected {DurationText.Expected}");
                return ExitCodes.BadInput;
            }

            TimeSpan? stopAfter = null;
            if (parse.GetValue(duration) is { } text)
            {
                if (!DurationText.TryParse(text, out var given) || given <= TimeSpan.Zero)
                {
                    Terminal.Fail($"--for '{text}' is not a positive duration; expected {DurationText.Expected}");
                    return ExitCodes.BadInput;
                }

                stopAfter = given;
            }

            var directory = parse.GetValue(estate)!;
            var (loaded, exit) = EstateInput.Load(services, directory, null, [], json);
            if (loaded is null)
            {
                return exit;
            }

            var environment = await DrillSandbox.NamedAsync(services, parse.GetValue(sandbox), cancellationToken);
            if (environment is null)
            {
                return ExitCodes.BadInput;
            }

            var chosen = parse.GetValue(profile) ?? (loaded.Estate.Profiles.Contains("sandbox") ? "sandbox" : loaded.Estate.Profiles[0]);
            var progress = new Progress<string>(line => (json ? Console.Error : Console.Out).WriteLine("  " + line));
            var launcher = new SandboxDrillLauncher(services.Providers, services.Time, Path.GetTempPath(), GlobalOptions.StatePath(parse), progress);
            var scheduler = new CalendarScheduler(launcher, services.Time, CalendarStateFile.Beside(GlobalOptions.StatePath(parse)));
            if (scheduler.Problem is { } problem)
            {
                Console.Error.WriteLine("warning: " + problem);
            }

            if (parse.GetValue(once))
            {
                Write(scheduler.Entries(loaded), json);
                return ExitCodes.Success;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (stopAfter is { } after)
            {
                limit.CancelAfter(after);
            }

            Write(scheduler.Entries(loaded), json);
            await scheduler.RunAsync(() => [Reload(services, environment, directory, chosen) ?? (loaded, Notifier(services, environment, loaded, chosen))], every, limit.Token);
            foreach (var grade in scheduler.Grades())
            {
                Console.Out.WriteLine(json ? JsonSerializer.Serialize(grade, CalendarJson.Default.DrillGrade) : $"{grade.Item}: {grade.Scenario} run {grade.RunId} {grade.Verdict}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The estate as it is now on disk (a fixed calendar takes effect on the next look); null when it no longer loads.</summary>
    private static (LoadedEstate, IIncidentNotifier?)? Reload(CliServices services, Func<string, string?> environment, string directory, string profile)
    {
        var (sources, _) = EstateSources.Read(directory);
        var (loaded, _) = sources is null ? (null, []) : EstateLoader.Load(sources, new LoadOptions(null, new Dictionary<string, string>(), services.Providers));
        return loaded is null ? null : (loaded, Notifier(services, environment, loaded, profile));
    }

    private static ChannelNotifier? Notifier(CliServices services, Func<string, string?> environment, LoadedEstate loaded, string profile) =>
        ChannelNotifier.DefaultChannel(loaded.Estate, profile) is { } channel ? new ChannelNotifier(loaded.Estate, profile, channel, services.Providers, environment) : null;

    private static void Write(IReadOnlyList<CalendarEntry> entries, bool json)
    {
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(entries, CalendarJson.Default.IReadOnlyListCalendarEntry));
            return;
        }

        foreach (var entry in entries)
        {
            var last = entry.LastDrill is { } grade ? $"last drill {grade.DueAt:u} {grade.Verdict}" : entry.LastDue is { } due ? $"last due {due:u}" : "not run here yet";
            Console.Out.WriteLine($"{entry.Item,-36} {entry.Kind,-8} {entry.Cadence,-20} owner {entry.Owner,-18} next {entry.NextDue:u}  {last}");
        }
    }
}
