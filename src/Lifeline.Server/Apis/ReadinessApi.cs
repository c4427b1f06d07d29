using Lifeline.Server.Readiness;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>
/// <c>GET /api/readiness</c>: the pre-disaster checklist of every served estate, as last checked (checked now when never
/// checked, or with <c>?refresh=true</c>).
/// </summary>
internal static class ReadinessApi
{
    public static RouteGroupBuilder MapReadinessApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/readiness").WithTags("Readiness").RequireAuthorization(Roles.Policy(Role.Viewer)).WithBodyLimits();
        api.MapGet("/", List);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<Lifeline.Engine.Readiness.ReadinessReport>>> List(ReadinessHost readiness, CancellationToken cancellationToken, bool refresh = false) =>
        TypedResults.Ok(refresh ? await readiness.CheckAllAsync(cancellationToken) : await readiness.LatestAsync(cancellationToken));
}
