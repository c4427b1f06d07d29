using System.Globalization;
using System.Security.Cryptography;
using Lifeline.Core.Estates;
using Lifeline.Engine.Calendar;
using Lifeline.Engine.Drills;
using Lifeline.Server.Hosting;
using Lifeline.Server.Runs;

namespace Lifeline.Server.Calendar;

/// <summary>
/// Runs the calendar's due drills through the host's drill environment (the seam <c>lifeline serve</c> fills with the
/// sandbox): a whole drill in a fresh directory, its run recorded in the server's state file (so the calendar page sees it
/// as the item's last drill) and shown live like any run. What it measured is read back from the store: the run's RTO
/// and its incident's lost-write window. Production game days are refused: this host runs sandbox drills only.
/// </summary>
internal sealed class EnvironmentDrillLauncher(IDrillEnvironment environment, ServerState state, RunEventHub hub, ServerOptions options, TimeProvider time) : IDrillLauncher
{
    public async Task<DrillResult> RunAsync(Engine.Calendar.DrillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Mode == CalendarMode.GameDay)
        {
            return Refused("a production game day needs a production launcher; this server runs sandbox drills only");
        }

        if (request.Scenario != environment.Scenario)
        {
            return Refused($"the drill environment runs scenario '{environment.Scenario}' only, not '{request.Scenario}'");
        }

        var id = string.Create(CultureInfo.InvariantCulture, $"calendar-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        var directory = Path.Combine(options.SandboxRoot, "lifeline-" + id);
        string? runId = null;
        var drill = new Engine.Drills.DrillRequest(request.Estate.Sources.Root, directory, options.StatePath, TimeSpan.FromSeconds(3))
        {
            StartedBy = $"lifeline serve --schedule ({request.Item.Id})",

            // Nobody is asked: a scheduled drill runs in a sandbox that is torn down, so its gates are granted.
            AutoApprove = true,
        };
        var outcome = await environment.RunAsync(drill, new Progress<string>(), hub.Observer(e => runId ??= e.RunId), cancellationToken);
        var left = outcome.LeftBehind;
        if (runId is null || await state.Runs.ReportAsync(runId, cancellationToken) is not { } report)
        {
            return new DrillResult(runId ?? "", false, null, null, [], left) { Error = outcome.Error ?? "the drill started no run" };
        }

        var incident = outcome.IncidentId is { } incidentId ? await state.Incidents.GetAsync(incidentId, cancellationToken) : null;
        var finished = report.Status is "succeeded" or "failed" or "aborted";
        return new DrillResult(
            runId,
            outcome.Succeeded && report.Status == "succeeded",
            finished ? TimeSpan.FromSeconds(report.Rto.ElapsedS) : null,
            incident?.Impact.LostWindowS is { } lost ? TimeSpan.FromSeconds(lost) : null,
            [],
            left)
        { Error = outcome.Error };
    }

    private static DrillResult Refused(string why) => new("", false, null, null, [], []) { Error = why };
}
