using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.StatusPage;

/// <summary>The public status page's JSON (Statuspage v2 shape), without login. The HTML page is <c>/status</c>.</summary>
internal static class StatusPageApi
{
    public static RouteGroupBuilder MapStatusPageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v2").WithTags("Status page").AllowAnonymous();
        api.MapGet("/summary.json", async (StatusPageBuilder builder, CancellationToken ct) => TypedResults.Ok(await builder.SummaryAsync(ct)));
        api.MapGet("/status.json", StatusAsync);
        api.MapGet("/components.json", async (StatusPageBuilder builder, CancellationToken ct) =>
        {
            var summary = await builder.SummaryAsync(ct);
            return TypedResults.Ok(new { summary.Page, summary.Components });
        });
        api.MapGet("/incidents/unresolved.json", async (StatusPageBuilder builder, CancellationToken ct) =>
        {
            var summary = await builder.SummaryAsync(ct);
            return TypedResults.Ok(new { summary.Page, summary.Incidents });
        });
        return api;
    }

    private static async Task<Ok<StatusOnly>> StatusAsync(StatusPageBuilder builder, CancellationToken cancellationToken)
    {
        var summary = await builder.SummaryAsync(cancellationToken);
        return TypedResults.Ok(new StatusOnly(summary.Page, summary.Status));
    }
}
