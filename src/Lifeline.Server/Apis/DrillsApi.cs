using Lifeline.Core.Time;
using Lifeline.Server.Hosting;
using Lifeline.Server.Runs;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>
/// Sandbox drills: the local two-region estate failed and recovered by the region-failover plan, started from the
/// server by a responder; its gate waits for an approver other than the starter.
/// </summary>
internal static class DrillsApi
{
    public static RouteGroupBuilder MapDrillsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/drills").WithTags("Drills").WithBodyLimits();
        api.MapGet("/", (SandboxDrills drills) => TypedResults.Ok(drills.List())).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapGet("/{drillId}", Show).RequireAuthorization(Roles.Policy(Role.Viewer));
        api.MapPost("/sandbox", Start).RequireAuthorization(Roles.Policy(Role.Responder));
        return api;
    }

    private static Results<Ok<SandboxDrill>, ProblemHttpResult> Show(string drillId, SandboxDrills drills) =>
        drills.Find(drillId) is { } drill ? TypedResults.Ok(drill) : ApiProblems.NotFound($"no drill '{drillId}'");

    private static Results<Accepted<SandboxDrill>, ProblemHttpResult> Start(SandboxDrillBody? body, HttpContext http, EstateCatalog estates, SandboxDrills drills)
    {
        if (!drills.Available)
        {
            return ApiProblems.NotImplemented(SandboxDrills.Unavailable);
        }

        var (name, directory, missing) = drills.Estate(estates, body?.Estate);
        if (directory is null)
        {
            return ApiProblems.NotFound(missing!);
        }

        var windowText = body?.CriteriaWindow ?? "2s";
        if (!DurationText.TryParse(windowText, out var window))
        {
            return ApiProblems.BadRequest($"criteria_window '{windowText}' is not a duration; expected {DurationText.Expected}");
        }

        var (drill, error) = drills.Start(name!, directory, Principals.Name(http.User), window);
        return drill is null ? ApiProblems.Conflict(error!) : TypedResults.Accepted($"/api/drills/{drill.Id}", drill);
    }
}
