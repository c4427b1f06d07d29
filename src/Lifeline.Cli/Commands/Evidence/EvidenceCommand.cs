using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Engine.Audit;
using Lifeline.Engine.Evidence;

namespace Lifeline.Cli.Commands.Evidence;

/// <summary>
/// <c>lifeline evidence</c>: what an auditor asks for, for one estate and period, from the state file: one
/// self-contained HTML report (<c>--out</c>) and, with <c>--output json</c>, the same content as JSON on stdout. Exits 0
/// when written, 1 when written but the audit trail failed verification, 2 on bad input.
/// </summary>
internal static class EvidenceCommand
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "o"];

    private const string ExpectedDate = "a UTC date (2026-11-01) or time (2026-11-01T09:30Z)";

    public static Command Create(CliServices services)
    {
        var estate = EstateInput.EstateOption();
        var since = new Option<string>("--since") { Description = "Start of the period: a UTC date or ISO 8601 time.", Required = true };
        var until = new Option<string?>("--until") { Description = "End of the period (a date means the end of that day; default: now)." };
        var output = new Option<string?>("--out") { Description = "The HTML report to write (required unless --output json)." };
        var command = new Command("evidence", "Write the auditor's DR evidence for a period: drills and incidents against the objectives, readiness, overdue calendar items, the audit trail's verification.")
        {
            estate, since, until, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var json = GlobalOptions.Json(parse);
            if (!TryParseDate(parse.GetValue(since)!, endOfDay: false, out var from))
            {
                Terminal.Fail($"--since '{parse.GetValue(since)}' is not a date; expected {ExpectedDate}");
                return ExitCodes.BadInput;
            }

            var to = services.Time.GetUtcNow();
            if (parse.GetValue(until) is { } untilText && !TryParseDate(untilText, endOfDay: true, out to))
            {
                Terminal.Fail($"--until '{untilText}' is not a date; expected {ExpectedDate}");
                return ExitCodes.BadInput;
            }

            if (to <= from)
            {
                Terminal.Fail($"the period is empty: --until {to:u} is not after --since {from:u}");
                return ExitCodes.BadInput;
            }

            var file = parse.GetValue(output);
            if (file is null && !json)
            {
                Terminal.Fail("--out FILE.html is required (or --output json for the JSON on stdout)");
                return ExitCodes.BadInput;
            }

            if (file is not null && Path.GetDirectoryName(Path.GetFullPath(file)) is { } directory && !Directory.Exists(directory))
            {
                Terminal.Fail($"--out {file}: directory {directory} does not exist");
                return ExitCodes.BadInput;
            }

            var statePath = GlobalOptions.StatePath(parse);
            if (!File.Exists(statePath))
            {
                Terminal.Fail($"no state database at {statePath}; see --state");
                return ExitCodes.BadInput;
            }

            var (loaded, exit) = EstateInput.Load(services, parse.GetValue(estate)!, null, [], json);
            if (loaded is null)
            {
                return exit;
            }

            var (incidents, runs, state) = await services.OpenIncidentsAsync(statePath, cancellationToken);
            await using (state)
            {
                await using var audit = await SqliteAuditTrail.OpenAsync(statePath, services.Time, cancellationToken);
                var report = await new EvidenceBuilder(runs, incidents, audit, services.Time).BuildAsync(loaded, from, to, cancellationToken);
                if (file is not null && await WriteAsync(file, EvidenceHtml.Write(report), cancellationToken) is { } error)
                {
                    Terminal.Fail($"--out {file}: {error}");
                    return ExitCodes.BadInput;
                }

                if (json)
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(report, EvidenceJson.Default.EvidenceReport));
                }
                else
                {
                    Console.Out.WriteLine($"wrote {file}: {report.Drills.Count} drill(s) ({report.Drills.Count(d => d.Passed)} passed), {report.Incidents.Count} incident(s), "
                        + $"{report.Calendar.Overdue.Count} overdue occurrence(s), audit trail {(report.Audit.Verification.Ok ? "intact" : "FAILED verification")}");
                }

                return report.Audit.Verification.Ok ? ExitCodes.Success : ExitCodes.RunFailed;
            }
        });
        return command;
    }

    /// <summary>A date alone is UTC midnight, or the end of that day for the period's end, so "--until 2026-11-30" includes the 30th.</summary>
    internal static bool TryParseDate(string text, bool endOfDay, out DateTimeOffset at)
    {
        if (!DateTimeOffset.TryParseExact(text.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at))
        {
            return false;
        }

        if (endOfDay && text.Trim().Length == "yyyy-MM-dd".Length)
        {
            at = at.AddDays(1);
        }

        return true;
    }

    private static async Task<string?> WriteAsync(string file, string html, CancellationToken cancellationToken)
    {
        try
        {
            await File.WriteAllTextAsync(file, html, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }
}
