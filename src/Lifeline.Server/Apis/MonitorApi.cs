using Lifeline.Server.Monitoring;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>The hosted monitor (<c>serve --monitor</c>): health, replication lag history and anti-flapping blocks; lifting a block.</summary>
internal static class MonitorApi
{
    public static RouteGroupBuilder MapMonitorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/monitor").WithTags("Monitor").WithBodyLimits();
        api.MapGet("/", async (MonitorReader reader, CancellationToken ct) => TypedResults.Ok(await reader.ReportAsync(ct)))
            .RequireAuthorization(Roles.Policy(Role.Viewer))
            .WithSummary("Health per resource and vantage point, replication lag over time against the RPO, and active anti-flapping blocks.");
        api.MapPost("/unblock", UnblockAsync).RequireAuthorization(Roles.Policy(Role.Responder))
            .WithSummary("Acknowledge a scenario's anti-flapping block so the monitor may fail it over automatically again. Needs a reason; audited.");
        return api;
    }

    private static async Task<Results<Ok<Unblocked>, ProblemHttpResult>> UnblockAsync(UnblockBody? body, HttpContext http, MonitorReader reader, CancellationToken cancellationToken)
    {
        var (unblocked, status, error) = await reader.UnblockAsync(body ?? new UnblockBody(null, null, null), Principals.Name(http.User), cancellationToken);
        return unblocked is not null ? TypedResults.Ok(unblocked) : status switch
        {
            StatusCodes.Status404NotFound => ApiProblems.NotFound(error!),
            StatusCodes.Status409Conflict => ApiProblems.Conflict(error!),
            _ => ApiProblems.BadRequest(error!),
        };
    }
}
