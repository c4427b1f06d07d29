using System.Globalization;
using System.Text.Json;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.DryRun;
using Lifeline.Engine.Reports;
using Lifeline.Server.Apis;
using Spectre.Console;

namespace Lifeline.Cli.Remote;

/// <summary>
/// <c>lifeline run</c> and <c>lifeline runs …</c> against a server: the same reports and exit codes as locally, but the
/// run executes inside the server, so the CLI follows its live events instead of executing steps itself.
/// </summary>
internal static class RemoteRuns
{
    public static async Task<int> ListAsync(RemoteTarget target, int limit, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var listed = await client.GetAsync<IReadOnlyList<RunSummary>>($"api/runs?limit={limit.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (listed.Value is not { } runs)
        {
            return Fail(listed.Error!);
        }

        if (json)
        {
            var reports = new List<RunReport>();
            foreach (var run in runs)
            {
                var shown = await client.GetAsync<RunReport>(RunPath(run.Id), cancellationToken);
                if (shown.Value is { } report)
                {
                    reports.Add(report);
                }
            }

            Console.Out.WriteLine(JsonSerializer.Serialize<IReadOnlyList<RunReport>>(reports, ReportJson.Default.IReadOnlyListRunReport));
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("Run", "Scenario", "Mode", "Profile", "Status", "Started", "By");
        foreach (var run in runs)
        {
            table.AddRow(run.Id, Markup.Escape(run.Scenario), run.Mode, Markup.Escape(run.Profile), run.Status, run.StartedAt.ToString("u", CultureInfo.InvariantCulture), Markup.Escape(run.StartedBy));
        }

        Terminal.Out.Write(table);
        return ExitCodes.Success;
    }

    public static async Task<int> ShowAsync(RemoteTarget target, string runId, bool events, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var shown = await client.GetAsync<RunReport>(RunPath(runId), cancellationToken);
        if (shown.Value is not { } report)
        {
            return Fail(shown.Error!);
        }

        ReportRenderer.Write(report, json);
        if (events && !json)
        {
            var timeline = await client.GetAsync<IReadOnlyList<RunEventItem>>(RunPath(runId) + "/events", cancellationToken);
            if (timeline.Value is not { } items)
            {
                return Fail(timeline.Error!);
            }

            foreach (var e in items)
            {
                Console.Out.WriteLine(EventLine(e));
            }
        }

        return ExitCodes.Success;
    }

    public static async Task<int> DecideAsync(RemoteTarget target, string verb, string runId, string step, string? reason, bool wait, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var before = wait ? await client.GetAsync<IReadOnlyList<RunEventItem>>(RunPath(runId) + "/events", cancellationToken) : null;
        var decided = await client.PostAsync<DecisionRecorded>($"{RunPath(runId)}/steps/{Uri.EscapeDataString(step)}/{verb}", new DecisionBody(reason), cancellationToken);
        if (decided.Value is not { } recorded)
        {
            return Fail(decided.Error!);
        }

        Console.Error.WriteLine($"{verb}: recorded for {step} in run {runId} by {recorded.By}; the server continues the run");
        return wait ? await FollowAsync(client, runId, before?.Value?.Count - 1, wait: true, json, cancellationToken) : ExitCodes.Success;
    }

    public static async Task<int> AbortAsync(RemoteTarget target, string runId, string? reason, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var aborted = await client.PostAsync<DecisionRecorded>(RunPath(runId) + "/abort", new DecisionBody(reason), cancellationToken);
        if (aborted.Error is { } error)
        {
            return Fail(error);
        }

        Console.Error.WriteLine($"abort recorded for run {runId}");
        return ExitCodes.Success;
    }

    public static async Task<int> ResumeAsync(RemoteTarget target, string runId, bool wait, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        var before = await client.GetAsync<IReadOnlyList<RunEventItem>>(RunPath(runId) + "/events", cancellationToken);
        if (before.Value is not { } events)
        {
            return Fail(before.Error!);
        }

        var resumed = await client.PostAsync<RunAccepted>(RunPath(runId) + "/resume", null, cancellationToken);
        return resumed.Error is { } error ? Fail(error) : await FollowAsync(client, runId, events.Count - 1, wait, json, cancellationToken);
    }

    public static async Task<int> StartAsync(RemoteTarget target, StartRunBody body, bool wait, bool json, CancellationToken cancellationToken)
    {
        using var client = new LifelineClient(target);
        if (body.Mode == WireName.Of(Core.Providers.RunMode.DryRun))
        {
            var planned = await client.PostAsync<DryRunReport>(
                $"api/estates/{Uri.EscapeDataString(body.Estate)}/plans/{Uri.EscapeDataString(body.Scenario)}/dry-run", new DryRunBody(body.Profile, null, body.Inputs), cancellationToken);
            if (planned.Value is not { } dryRun)
            {
                return Fail(planned.Error!);
            }

            ReportRenderer.Write(dryRun, json);
            return ExitCodes.Success;
        }

        var started = await client.PostAsync<RunAccepted>("api/runs", body, cancellationToken);
        if (started.Value is not { } accepted)
        {
            return Fail(started.Error!);
        }

        Terminal.Progress(json).WriteLine($"run {accepted.RunId} started on {target.Name}");
        return await FollowAsync(client, accepted.RunId, null, wait, json, cancellationToken);
    }

    /// <summary>
    /// Prints the run's events as they happen until it finishes (its report and exit code) or, unless <paramref name="wait"/>,
    /// until it waits for a person: a gate or manual task started and nothing happened for <see cref="Quiet"/> (its report
    /// and exit code 3, as a local run parked at a gate). The run goes on in the server either way.
    /// </summary>
    private static async Task<int> FollowAsync(LifelineClient client, string runId, int? after, bool wait, bool json, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var opened = await client.EventsAsync(runId, after, stop.Token);
        if (opened.Value is not { } events)
        {
            return Fail(opened.Error!);
        }

        var progress = Terminal.Progress(json);
        var people = new HashSet<string>(StringComparer.Ordinal);
        string? waitingAt = null;
        await using var enumerator = events.GetAsyncEnumerator(stop.Token);
        try
        {
            while (true)
            {
                var next = enumerator.MoveNextAsync().AsTask();
                if (!wait && people.Count > 0 && await Task.WhenAny(next, Task.Delay(Quiet, cancellationToken)) != next)
                {
                    waitingAt = people.First();
                    await stop.CancelAsync();
                    await next.ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
                }

                if (!await next)
                {
                    break;
                }

                var e = enumerator.Current;
                progress.WriteLine(EventLine(e));
                if (e.StepId is { } step && e.Kind == "StepStarted" && !wait && await NeedsPeopleAsync(client, runId, step, cancellationToken))
                {
                    people.Add(step);
                }
                else if (e.StepId is { } decided && e.Kind is "Decision" or "StepSucceeded" or "StepFailed" or "StepSkipped")
                {
                    people.Remove(decided);
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return Fail(new RemoteError($"lost the event stream of run {runId} from {client.Target.Name}: {ex.Message}; the run goes on in the server (lifeline runs show {runId})", ExitCodes.BadInput));
        }

        var shown = await client.GetAsync<RunReport>(RunPath(runId), cancellationToken);
        if (shown.Value is not { } report)
        {
            return Fail(shown.Error!);
        }

        ReportRenderer.Write(report, json);
        if (waitingAt is null)
        {
            return report.ExitCode;
        }

        Console.Error.WriteLine($"run {runId} waits at {waitingAt} in the server: lifeline runs approve|reject {runId} {waitingAt} --server {client.Target.Name}, or follow it with lifeline runs show {runId}");
        return ExitCodes.Waiting;
    }

    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private static async Task<bool> NeedsPeopleAsync(LifelineClient client, string runId, string stepId, CancellationToken cancellationToken)
    {
        var shown = await client.GetAsync<RunReport>(RunPath(runId), cancellationToken);
        return shown.Value?.Steps.FirstOrDefault(s => s.Id == stepId)?.Kind is "approval" or "manual";
    }

    private static string RunPath(string runId) => "api/runs/" + Uri.EscapeDataString(runId);

    private static string EventLine(RunEventItem e) =>
        string.Create(CultureInfo.InvariantCulture, $"{e.At:HH:mm:ss.fff} {e.Kind,-17} {e.StepId ?? e.PhaseId ?? "",-24} {e.Message}");

    internal static int Fail(RemoteError error)
    {
        Terminal.Fail(error.Message);
        return error.ExitCode;
    }
}
