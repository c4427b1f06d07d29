using System.Security.Claims;
using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Runs;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Apis;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;

namespace Lifeline.Server.Runs;

/// <summary>
/// Decisions on a run's steps and aborts, for the API and the dashboard's forms alike: the engine applies the gate rules
/// (approver list, count, four-eyes); break-glass raises its P1; a run parked by the CLI continues here.
/// </summary>
internal sealed class RunDecisions(ServerState state, RunHost host, ILogger<RunDecisions> logger)
{
    /// <summary>
    /// The least role that may make a decision, whichever way it arrives (API, dashboard form, remote CLI). The engine
    /// then applies the step's own rules: mark-done never decides a gate, approver lists, four-eyes.
    /// </summary>
    public static Role RequiredRole(DecisionKind kind) => kind is DecisionKind.Approve or DecisionKind.Reject ? Role.Approver : Role.Responder;

    public async Task<(DecisionRecorded? Recorded, DecisionError? Error)> DecideAsync(
        string runId, string stepId, DecisionKind kind, string? reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Refuse(kind, user) is { } refused)
        {
            return (null, refused);
        }

        var by = Principals.Name(user);
        var request = new DecisionRequest(runId, stepId, kind, by, reason) { Contact = Principals.Contact(user) };
        if (await state.Runs.DecideAsync(request, cancellationToken) is { } error)
        {
            return (null, error);
        }

        string? incidentId = null;
        var run = await state.Store.GetRunAsync(runId, CancellationToken.None);
        if (kind == DecisionKind.BreakGlass && run is not null)
        {
            var incident = await state.Incidents.RaiseBreakGlassAsync(runId, stepId, run.Scenario, by, reason ?? "", CancellationToken.None);
            incidentId = incident.Id;
            Log.BreakGlass(logger, runId, stepId, by, incident.Id);
        }

        // A run parked by the CLI (no process waiting at its gate) continues here; one executing elsewhere picks the decision up itself.
        if (run?.Status == RunStatus.Waiting)
        {
            await host.ResumeAsync(runId);
        }

        return (new DecisionRecorded(runId, stepId, WireName.Of(kind), by, incidentId), null);
    }

    public async Task<(DecisionRecorded? Recorded, DecisionError? Error)> AbortAsync(string runId, string? reason, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Refuse(DecisionKind.Abort, user) is { } refused)
        {
            return (null, refused);
        }

        var by = Principals.Name(user);
        var error = await state.Runs.DecideAsync(new DecisionRequest(runId, null, DecisionKind.Abort, by, reason), cancellationToken);
        return error is null ? (new DecisionRecorded(runId, null, "abort", by, null), null) : (null, error);
    }

    private static DecisionError? Refuse(DecisionKind kind, ClaimsPrincipal user)
    {
        var needs = RequiredRole(kind);
        return Roles.Of(user) is { } role && role >= needs
            ? null
            : DecisionError.Forbidden($"{Verb(kind)} needs the {Roles.Name(needs)} role; you are {(Roles.Of(user) is { } r ? Roles.Name(r) : "not signed in")}");
    }

    private static string Verb(DecisionKind kind) => kind switch
    {
        DecisionKind.MarkDone => "mark-done",
        DecisionKind.BreakGlass => "break-glass",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
