using Lifeline.Core.Vocabulary;
using Lifeline.Engine.Incidents;
using Lifeline.Server.Hosting;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>Incidents: list, show (with the timeline of their runs), open, note, change status, publish.</summary>
internal static class IncidentsApi
{
    public static RouteGroupBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/incidents").WithTags("Incidents").WithBodyLimits();
        api.MapGet("/", ListAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapGet("/{incidentId}", ShowAsync).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapPost("/", OpenAsync).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{incidentId}/notes", NoteAsync).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{incidentId}/status", StatusAsync).RequireAuthorization(Roles.Policy(Role.Responder));
        api.MapPost("/{incidentId}/publish", PublishAsync).RequireAuthorization(Roles.Policy(Role.Responder))
            .WithSummary("Show the incident on the public status page under a public title (its own title stays internal). Audited.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<Incident>>> ListAsync(ServerState state, CancellationToken cancellationToken) =>
        TypedResults.Ok(await state.Incidents.ListAsync(cancellationToken));

    private static async Task<Results<Ok<IncidentView>, ProblemHttpResult>> ShowAsync(string incidentId, ServerState state, CancellationToken cancellationToken) =>
        await state.Incidents.ViewAsync(incidentId, cancellationToken) is { } view ? TypedResults.Ok(view) : ApiProblems.NotFound($"no incident '{incidentId}'");

    private static async Task<Results<Created<Incident>, ProblemHttpResult>> OpenAsync(OpenIncidentBody body, HttpContext http, ServerState state, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Title))
        {
            return ApiProblems.BadRequest("an incident needs a title");
        }

        var (incident, error) = await state.Incidents.OpenAsync(body.Title, body.Severity, body.Scenario, Principals.Name(http.User), body.Commander, body.PossibleBreach, null, cancellationToken);
        return incident is null ? ApiProblems.BadRequest(error!) : TypedResults.Created($"/api/incidents/{incident.Id}", incident);
    }

    private static async Task<Results<Created<IncidentEntry>, ProblemHttpResult>> NoteAsync(string incidentId, NoteBody body, HttpContext http, ServerState state, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Text))
        {
            return ApiProblems.BadRequest("a note needs text");
        }

        var (entry, error) = await state.Incidents.NoteAsync(incidentId, Principals.Name(http.User), body.Text, body.At, cancellationToken);
        return entry is null ? ApiProblems.NotFound(error!) : TypedResults.Created($"/api/incidents/{incidentId}", entry);
    }

    private static async Task<Results<Ok<Incident>, ProblemHttpResult>> StatusAsync(string incidentId, IncidentStatusBody body, HttpContext http, ServerState state, CancellationToken cancellationToken)
    {
        if (!WireName.TryParse<IncidentStatus>(body.Status, out var status))
        {
            return ApiProblems.BadRequest($"status '{body.Status}' is not known; expected investigating, mitigating, monitoring or resolved");
        }

        var (incident, error) = await state.Incidents.SetStatusAsync(incidentId, status, Principals.Name(http.User), cancellationToken);
        return incident is not null ? TypedResults.Ok(incident)
            : error!.StartsWith("no incident", StringComparison.Ordinal) ? ApiProblems.NotFound(error) : ApiProblems.Conflict(error);
    }

    private static async Task<Results<Created<IncidentEntry>, ProblemHttpResult>> PublishAsync(string incidentId, PublishIncidentBody body, HttpContext http, ServerState state, CancellationToken cancellationToken)
    {
        var (entry, error) = await state.Incidents.PublishAsync(incidentId, body.Title ?? "", Principals.Name(http.User), cancellationToken);
        return entry is not null ? TypedResults.Created($"/api/incidents/{incidentId}", entry)
            : error!.StartsWith("no incident", StringComparison.Ordinal) ? ApiProblems.NotFound(error) : ApiProblems.BadRequest(error);
    }
}
