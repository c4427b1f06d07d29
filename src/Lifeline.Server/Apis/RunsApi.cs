using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Lifeline.Core.Providers;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Reports;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Hosting;
using Lifeline.Server.Runs;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>Runs: start, list, show, timeline, live events (SSE), resume, abort, and decisions on their steps.</summary>
internal static class RunsApi
{
    public static RouteGroupBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/runs").WithTags("Runs").WithBodyLimits();
        api.MapGet("/", ListAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapPost("/", StartAsync).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapGet("/{runId}", ShowAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapGet("/{runId}/events", EventsAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapGet("/{runId}/events/stream", Stream).RequireAuthorization(Roles.Policy(Role.Viewer))
            .WithSummary("The run's events as server-sent events, from Last-Event-ID (or the start) until the run finishes.");
        api.MapPost("/{runId}/resume", ResumeAsync).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{runId}/abort", AbortAsync).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{runId}/steps/{stepId}/approve", (string runId, string stepId, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken ct) =>
            DecideAsync(runId, stepId, DecisionKind.Approve, body, http, decisions, ct)).RequireAuthorization(Roles.Policy(Role.Approver));
        api.MapPost("/{runId}/steps/{stepId}/reject", (string runId, string stepId, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken ct) =>
            DecideAsync(runId, stepId, DecisionKind.Reject, body, http, decisions, ct)).RequireAuthorization(Roles.Policy(Role.Approver));
        api.MapPost("/{runId}/steps/{stepId}/retry", (string runId, string stepId, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken ct) =>
            DecideAsync(runId, stepId, DecisionKind.Retry, body, http, decisions, ct)).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{runId}/steps/{stepId}/mark-done", (string runId, string stepId, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken ct) =>
            DecideAsync(runId, stepId, DecisionKind.MarkDone, body, http, decisions, ct)).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{runId}/steps/{stepId}/break-glass", (string runId, string stepId, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken ct) =>
            DecideAsync(runId, stepId, DecisionKind.BreakGlass, body, http, decisions, ct)).RequireAuthorization(Roles.Policy(Role.Responder))
            .WithSummary("Approve a gate in an emergency, past the four-eyes rule, the approver list and the count. Needs a reason; audited; raises a P1.");
        return api;
    }

    public static RunSummary Summary(RunRecord run) => new(
        run.Id, run.Scenario, run.EstateName, WireName.Of(run.Mode), run.Profile, WireName.Of(run.Status),
        run.StartedAt, run.FinishedAt, run.StartedBy, run.Epoch, run.Reason);

    private static async Task<Ok<IReadOnlyList<RunSummary>>> ListAsync(ServerState state, CancellationToken cancellationToken, int limit = 50)
    {
        var runs = await state.Runs.ListAsync(Math.Clamp(limit, 1, 500), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RunSummary>>([.. runs.Select(Summary)]);
    }

    private static async Task<Results<Ok<RunReport>, ProblemHttpResult>> ShowAsync(string runId, ServerState state, CancellationToken cancellationToken) =>
        await state.Runs.ReportAsync(runId, cancellationToken) is { } report ? TypedResults.Ok(report) : ApiProblems.NotFound($"no run '{runId}'");

    private static async Task<Results<Ok<IReadOnlyList<RunEventItem>>, ProblemHttpResult>> EventsAsync(string runId, ServerState state, CancellationToken cancellationToken)
    {
        if (await state.Store.GetRunAsync(runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"no run '{runId}'");
        }

        var events = await state.Runs.EventsAsync(runId, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<RunEventItem>>([.. events.Select((e, i) => Item(i, e))]);
    }

    private static IResult Stream(string runId, HttpContext http, ServerState state, RunEventHub hub, CancellationToken cancellationToken)
    {
        var from = int.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last + 1 : 0;
        return TypedResults.ServerSentEvents(StreamAsync(runId, from, state, hub, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<RunEventItem>> StreamAsync(
        string runId, int from, ServerState state, RunEventHub hub, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = from;
        while (!cancellationToken.IsCancellationRequested)
        {
            // The store is the truth; the hub only says when to look again (runs executing elsewhere: every second),
            // and reads it once per event for all streams of the run, fetching only events it does not hold yet.
            var next = hub.NextEvent(runId);
            var (run, events) = await hub.ReadAsync(runId, state.Store, cancellationToken);
            for (; sent < events.Count; sent++)
            {
                yield return new SseItem<RunEventItem>(Item(sent, events[sent]), events[sent].Kind.ToString()) { EventId = sent.ToString(CultureInfo.InvariantCulture) };
            }

            if (run is null || run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Aborted)
            {
                yield break;
            }

            await RunEventHub.WaitAsync(next, TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static RunEventItem Item(int sequence, RunEvent e) =>
        new(sequence, e.At, e.Kind.ToString(), e.PhaseId, e.StepId, e.Attempt, e.Message);

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> StartAsync(
        StartRunBody body, HttpContext http, EstateCatalog estates, RunHost host)
    {
        var mode = body.Mode switch
        {
            "live" => RunMode.Live,
            "drill" => RunMode.Drill,
            _ => (RunMode?)null,
        };
        if (mode is null)
        {
            return ApiProblems.BadRequest($"mode '{body.Mode}' cannot be started; expected live or drill (dry-runs: POST /api/estates/{{estate}}/plans/{{scenario}}/dry-run)");
        }

        if (body.AutoApprove && mode == RunMode.Live)
        {
            return ApiProblems.BadRequest("auto_approve is for drills; a live run's gates need people");
        }

        if (mode == RunMode.Live && body.Confirm != body.Scenario)
        {
            return ApiProblems.BadRequest($"a live run changes production; repeat the scenario name in confirm (\"{body.Scenario}\")");
        }

        var profile = body.Profile ?? (mode == RunMode.Drill ? "sandbox" : "production");
        var inputs = body.Inputs ?? new Dictionary<string, string>();
        var (loaded, diagnostics, known) = estates.Load(body.Estate, profile, inputs);
        if (!known)
        {
            return ApiProblems.NotFound($"no estate '{body.Estate}'; expected one of: {string.Join(", ", estates.Names)}");
        }

        if (loaded is null)
        {
            return ApiProblems.BadRequest("the estate does not load:\n" + string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        if (loaded.FindPlan(body.Scenario) is null)
        {
            return ApiProblems.NotFound($"no plan for scenario '{body.Scenario}'; expected one of: {string.Join(", ", loaded.Plans.Select(p => p.Scenario))}");
        }

        var request = new StartRunRequest(loaded, body.Scenario, mode.Value, profile, inputs, host.Behaviour with { AutoApprove = body.AutoApprove }, Principals.Name(http.User), body.Since);
        var (runId, error) = await host.StartAsync(request);
        return runId is null ? ApiProblems.BadRequest(error ?? "the run could not start") : TypedResults.Accepted($"/api/runs/{runId}", Accepted(runId));
    }

    private static async Task<Results<Accepted<RunAccepted>, ProblemHttpResult>> ResumeAsync(string runId, ServerState state, RunHost host, CancellationToken cancellationToken)
    {
        if (await state.Store.GetRunAsync(runId, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"no run '{runId}'");
        }

        var (resumed, error) = await host.ResumeAsync(runId);
        return resumed is null ? ApiProblems.Conflict(error ?? $"run {runId} cannot be resumed") : TypedResults.Accepted($"/api/runs/{runId}", Accepted(runId));
    }

    private static async Task<Results<Accepted<DecisionRecorded>, ProblemHttpResult>> AbortAsync(
        string runId, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken cancellationToken)
    {
        var (recorded, error) = await decisions.AbortAsync(runId, body?.Reason, http.User, cancellationToken);
        return recorded is not null ? TypedResults.Accepted($"/api/runs/{runId}", recorded) : ApiProblems.From(error!);
    }

    private static async Task<Results<Ok<DecisionRecorded>, ProblemHttpResult>> DecideAsync(
        string runId, string stepId, DecisionKind kind, DecisionBody? body, HttpContext http, RunDecisions decisions, CancellationToken cancellationToken)
    {
        var (recorded, error) = await decisions.DecideAsync(runId, stepId, kind, body?.Reason, http.User, cancellationToken);
        return recorded is not null ? TypedResults.Ok(recorded) : ApiProblems.From(error!);
    }

    private static RunAccepted Accepted(string runId) => new(runId, $"/api/runs/{runId}", $"/api/runs/{runId}/events/stream");
}
